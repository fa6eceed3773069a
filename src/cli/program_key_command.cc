#include <algorithm>
#include <fstream>
#include <iostream>
#include <sstream>

#include "auth/secret_box.h"
#include "cli/data_dir.h"
#include "cli/subcommands.h"
#include "core/error.h"
#include "http/program_key_pairs.h"
#include "mail/pgp.h"

namespace embargo::cli {
namespace {

struct KeyOptions {
  DataLocation data;
  std::string slug;
  std::string file;
};

// The instance key that seals the program's secret key in the store, for the other servers.
auth::SecretBox instance_box(const DataLocation& data) {
  return auth::SecretBox::from_key_file(instance_key_path(data.dir));
}

store::Program find_program(store::Store& store, const std::string& slug) {
  auto program = store.find_program(slug);
  if (!program) throw not_found("program", "there is no program " + slug);
  return *program;
}

// A new key pair for the program in the instance's keyring: mail to the program can then be
// encrypted to it, and its security.txt is signed with it.
void generate(const KeyOptions& o) {
  auto store = open_store(o.data);
  auto program = find_program(*store, o.slug);
  std::string user_id = program.policy.identity.name + " security team";
  if (!program.policy.contacts.email.empty()) user_id += " <" + program.policy.contacts.email + ">";
  mail::Keyring keyring(gnupg_home(o.data.dir));
  std::string fingerprint = keyring.generate(user_id);
  http::keep_program_key(store->mail(), keyring, instance_box(o.data), o.slug, fingerprint, "cli");
  std::cout << "generated key " << fingerprint << " for " << o.slug << " (" << user_id << ")\n";
}

// The program's existing key pair (its armored secret key, so that mail encrypted to the key
// it already publishes can be read).
void import(const KeyOptions& o) {
  auto store = open_store(o.data);
  find_program(*store, o.slug);
  std::ifstream in(o.file, std::ios::binary);
  if (!in) throw not_found("FILE", "cannot read " + o.file);
  std::stringstream text;
  text << in.rdbuf();
  mail::Keyring keyring(gnupg_home(o.data.dir));
  auto keys = keyring.import(text.str(), mail::Keyring::Material::public_and_secret);
  const std::string& fingerprint = keys.front().fingerprint;
  auto secret = keyring.secret_fingerprints();
  if (std::find(secret.begin(), secret.end(), fingerprint) == secret.end()) {
    throw invalid("FILE", o.file + " holds no secret key for " + fingerprint +
                              ": a program needs its key pair to read the mail encrypted to it");
  }
  http::keep_program_key(store->mail(), keyring, instance_box(o.data), o.slug, fingerprint, "cli");
  std::cout << "imported key " << fingerprint << " (" << keys.front().user_id << ") for " << o.slug
            << '\n';
}

// The program's public key, armored: what the policy page and security.txt point reporters to.
void export_key(const KeyOptions& o) {
  auto store = open_store(o.data);
  find_program(*store, o.slug);
  auto key = store->mail().program_key(o.slug);
  if (!key) {
    throw not_found("key", o.slug + " has no key: `embargo program key generate " + o.slug + "`");
  }
  std::cout << key->armored;
}

}  // namespace

void add_program_key_command(CLI::App& program) {
  auto* key = program.add_subcommand("key", "The program's OpenPGP key");
  key->require_subcommand(1);
  auto options = std::make_shared<KeyOptions>();

  auto* generate_command = key->add_subcommand("generate", "Generate a key pair for a program");
  add_data_option(*generate_command, options->data);
  generate_command->add_option("SLUG", options->slug, "The program")->required();
  generate_command->callback([options] { generate(*options); });

  auto* import_command =
      key->add_subcommand("import", "Import a program's key pair from an armored file");
  add_data_option(*import_command, options->data);
  import_command->add_option("SLUG", options->slug, "The program")->required();
  import_command->add_option("FILE", options->file, "The armored secret key")->required();
  import_command->callback([options] { import(*options); });

  auto* export_command = key->add_subcommand("export", "Print the program's armored public key");
  add_data_option(*export_command, options->data);
  export_command->add_option("SLUG", options->slug, "The program")->required();
  export_command->callback([options] { export_key(*options); });
}

}  // namespace embargo::cli
