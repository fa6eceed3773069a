// The command line beside the browser, as an operator uses it on the server's data directory
// (run.sh passes EMBARGO_BINARY and EMBARGO_DATA): what a test needs before its story starts,
// such as its own accounts, is made here, so that no test depends on another.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

export function cli(args, input) {
  return execFileSync(process.env.EMBARGO_BINARY, [...args, '--data', process.env.EMBARGO_DATA],
                      { input, encoding: 'utf8' });
}

// A word no other test uses, to keep one test's accounts and reports apart from the others'.
export function uniqueTag() {
  return randomBytes(4).toString('hex');
}

// A new account of its own for one test: `name`.TAG@example.org with a password, an instance
// admin when `admin` is set, and with `role` in `program` when given.
export function newAccount(name, { admin = false, program, role } = {}) {
  const tag = uniqueTag();
  const account = { email: `${name}.${tag}@example.org`, password: `a passphrase for ${name} ${tag}` };
  cli(['user', 'add', '--email', account.email, '--password-stdin', ...(admin ? ['--admin'] : [])],
      `${account.password}\n`);
  if (program) cli(['member', 'add', '--program', program, '--email', account.email, '--role', role]);
  return account;
}
