#!/usr/bin/env node
// Validates exported advisories with the official validators (tests/schemas/README.md).
//
//   node validate.mjs KIND FILE...
//   node validate.mjs --serve NAME
//
// With --serve it is a validation server on the abstract Unix socket NAME: each connection
// sends one line of JSON {"kind", "files", "cwd"} and gets back one of {"out", "err", "status"},
// what a run of the first form would print and its exit status. It compiles each kind's schemas
// and tests once, where a run of its own spends seconds on the CSAF library's alone. When
// EMBARGO_VALIDATOR names such a server, the first form asks it, and validates by itself only
// when nobody answers there. CTest starts one for the tests (tests/schemas/validator.sh).
//
// KIND:
//   osv   the OSV schema (JSON Schema 2020-12, tests/data/osv/schema.json) with ajv and
//         ajv-formats
//   cve5  the CVE JSON 5.1.1 record schema (draft-07, tests/data/cve/CVE_JSON_bundled_5.1.1.json)
//         with ajv and ajv-formats: a full record (dataType CVE_RECORD), PUBLISHED or REJECTED
//   csaf  CSAF 2.0 with @secvisogram/csaf-validator-lib: its schema test (the CSAF 2.0 schema
//         with the FIRST CVSS schemas, bundled in the lib), every mandatory test (6.1.x) and every
//         recommended test (CSAF 2.0 calls them "optional", 6.2.x). A recommended test's finding
//         makes the document invalid here too.
//   csaf-mandatory  the same without the recommended tests (a "CSAF basic validator", CSAF 2.0
//         section 9.1.14), for documents that are only meant to be conformant
//   ghsa  the request body of GitHub's REST "Create a repository security advisory"
//         (POST /repos/{owner}/{repo}/security-advisories): the operation's application/json
//         schema from GitHub's OpenAPI description in npm @octokit/openapi
//         (generated/api.github.com.json), its OpenAPI 3.0 Schema Objects turned into draft-07
//         JSON Schema (nullable: true -> a type union with "null"), with ajv
//   csaf-provider  a CSAF 2.0 provider metadata document (provider-metadata.json, CSAF 2.0
//         section 7.1.7): the OASIS provider schema (JSON Schema 2020-12,
//         tests/data/csaf/schema/provider_json_schema.json), whose publisher is the CSAF 2.0
//         schema's (csaf_json_schema.json, itself referring to the FIRST CVSS 2.0/3.0/3.1
//         schemas, cvss-v*.json there, turned into 2020-12 by firstCvssSchema), with ajv in its
//         strictest mode and ajv-formats
//
// A FILE ending in .gz is read gunzipped. Schemas are read from tests/data, gunzipped when only
// a NAME.gz of them is there.
//
// Output: for each finding one line "FILE POINTER: MESSAGE" (POINTER is a JSON pointer into the
// document, "(root)" for the document itself; for csaf the message starts with the test's name,
// e.g. "[mandatoryTest_6_1_1]" or "[optionalTest_6_2_1 (recommended)]"), then one line per file,
// "FILE: valid" or "FILE: INVALID (N errors)". Informational findings of the csaf lib are printed
// as "FILE POINTER: info: ..." and never count.
// Exit status: 0 every file is valid, 1 at least one is invalid (not JSON counts as invalid),
// 2 usage error (unknown kind, no file, a file that cannot be read).

import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { createConnection, createServer } from 'node:net'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gunzipSync } from 'node:zlib'

const here = dirname(fileURLToPath(import.meta.url))
const dataDir = join(here, '..', 'data')
const KINDS = ['osv', 'cve5', 'csaf', 'csaf-mandatory', 'ghsa', 'csaf-provider']

// What ends a run with exit status 2: a usage error, a file or schema that cannot be read, a
// schema that cannot be compiled. Its message is the run's standard error.
class UsageError extends Error {}

function usage(message) {
  const text = `usage: node validate.mjs {${KINDS.join('|')}} FILE...`
  throw new UsageError(message ? `validate.mjs: ${message}\n${text}` : text)
}

// A file's text, gunzipped when its name ends in .gz.
function readText(path) {
  const bytes = readFileSync(path)
  return (path.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8')
}

// A schema under tests/data: NAME, or NAME.gz when only that is there.
function readSchema(name) {
  const path = join(dataDir, name)
  const found = existsSync(path) ? path : existsSync(`${path}.gz`) ? `${path}.gz` : null
  if (found === null) throw new UsageError(`validate.mjs: schema ${path} (or ${path}.gz) is missing`)
  return JSON.parse(readText(found))
}


// ajv's message, with the detail its params carry for the common keywords.
function ajvMessage(e) {
  const p = e.params ?? {}
  let detail = ''
  if (e.keyword === 'additionalProperties') detail = `: '${p.additionalProperty}'`
  else if (e.keyword === 'enum') detail = `: ${JSON.stringify(p.allowedValues)}`
  else if (e.keyword === 'const') detail = `: ${JSON.stringify(p.allowedValue)}`
  else if (e.keyword === 'unevaluatedProperties') detail = `: '${p.unevaluatedProperty}'`
  return `${e.message}${detail} (schema ${e.schemaPath})`
}

// GitHub's REST OpenAPI description (OpenAPI 3.0.3), from npm @octokit/openapi: the file alone,
// not the package's index.js, which would load all ten of its descriptions (about 400 MB).
const GITHUB_DESCRIPTION = '@octokit/openapi/generated/api.github.com.json'
const GHSA_PATH = '/repos/{owner}/{repo}/security-advisories'
const GHSA_METHOD = 'post'

function schemaError(message) {
  throw new UsageError(`validate.mjs: ${GITHUB_DESCRIPTION}: ${message}`)
}

// The request body schema of GHSA_METHOD GHSA_PATH as a draft-07 JSON Schema: the operation's
// application/json schema (the component it refers to) at the root, each other
// #/components/schemas/NAME it reaches (transitively) copied into definitions/NAME, every Schema Object turned from OpenAPI 3.0 into JSON Schema by
// openapiSchema. Anything this does not know is an error, not something to skip.
function ghsaRequestSchema() {
  const require = createRequire(import.meta.url)
  let description
  try {
    description = require(GITHUB_DESCRIPTION)
  } catch (e) {
    schemaError(`cannot load: ${e.message}`)
  }
  const operation = description.paths?.[GHSA_PATH]?.[GHSA_METHOD]
  if (!operation) schemaError(`no operation ${GHSA_METHOD.toUpperCase()} ${GHSA_PATH}`)
  const body = operation.requestBody?.content?.['application/json']?.schema
  if (!body) schemaError(`${operation.operationId}: no application/json request body schema`)

  const components = description.components?.schemas ?? {}
  const componentName = (target) => {
    const m = /^#\/components\/schemas\/([^/]+)$/.exec(target)
    if (!m || !(m[1] in components)) schemaError(`unresolvable $ref ${target}`)
    return m[1]
  }
  // The body's own component (repository-advisory-create) is the root, so that an error's
  // schema path "#/..." is a path in it.
  const rootName = typeof body.$ref === 'string' ? componentName(body.$ref) : null
  const definitions = {}
  const pending = []
  const ref = (target) => {
    const name = componentName(target)
    if (name === rootName) return '#'
    if (!(name in definitions)) {
      definitions[name] = null
      pending.push(name)
    }
    return `#/definitions/${name}`
  }
  const root = rootName
    ? openapiSchema(components[rootName], ref, `#/components/schemas/${rootName}`)
    : openapiSchema(body, ref, '#')
  while (pending.length > 0) {
    const name = pending.shift()
    definitions[name] = openapiSchema(components[name], ref, `#/components/schemas/${name}`)
  }
  return { ...root, definitions }
}

// OpenAPI 3.0 Schema Object keywords that are JSON Schema's, with the same meaning in draft-07.
const SAME_KEYWORDS = new Set([
  'title', 'description', 'default', 'type', 'enum', 'format', 'pattern', 'multipleOf',
  'maximum', 'minimum', 'maxLength', 'minLength', 'maxItems', 'minItems', 'uniqueItems',
  'maxProperties', 'minProperties', 'required', 'readOnly', 'writeOnly',
])
// OpenAPI's own annotations, which assert nothing: dropped (ajv's strict mode would refuse them).
const ANNOTATIONS = new Set(['example', 'externalDocs', 'xml', 'deprecated', 'discriminator'])

// One OpenAPI 3.0 Schema Object as draft-07 JSON Schema. nullable: true is read as OpenAPI 3.0.3
// defines it: it adds "null" to the type of the same Schema Object (type: T becomes
// type: [T, "null"]) and nothing else, so an enum without null still refuses null. Booleans
// exclusiveMaximum/exclusiveMinimum (draft-04 style) become draft-07 numbers; x-* extensions and
// OpenAPI's annotations are dropped; $ref #/components/schemas/NAME goes through ref().
function openapiSchema(schema, ref, at) {
  if (typeof schema === 'boolean') return schema
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) {
    schemaError(`${at}: not a Schema Object`)
  }
  if ('$ref' in schema) return { $ref: ref(schema.$ref) } // OpenAPI 3.0: siblings of $ref are ignored
  const out = {}
  const sub = (s, key) => openapiSchema(s, ref, `${at}/${key}`)
  for (const [key, value] of Object.entries(schema)) {
    if (key.startsWith('x-') || ANNOTATIONS.has(key) || key === 'nullable') continue
    if (SAME_KEYWORDS.has(key)) out[key] = value
    else if (key === 'items' || key === 'not') out[key] = sub(value, key)
    else if (key === 'additionalProperties') out[key] = typeof value === 'boolean' ? value : sub(value, key)
    else if (key === 'properties') {
      out[key] = Object.fromEntries(Object.entries(value).map(([n, s]) => [n, sub(s, `${key}/${n}`)]))
    } else if (key === 'allOf' || key === 'anyOf' || key === 'oneOf') {
      out[key] = value.map((s, i) => sub(s, `${key}/${i}`))
    } else if (key === 'exclusiveMaximum' || key === 'exclusiveMinimum') {
      const bound = key === 'exclusiveMaximum' ? 'maximum' : 'minimum'
      if (value === true && typeof schema[bound] === 'number') out[key] = schema[bound]
      else if (value === true) schemaError(`${at}: ${key} without ${bound}`)
    } else schemaError(`${at}: unknown Schema Object keyword '${key}'`)
  }
  for (const key of ['exclusiveMaximum', 'exclusiveMinimum']) {
    const bound = key === 'exclusiveMaximum' ? 'maximum' : 'minimum'
    if (schema[key] === true) delete out[bound]
  }
  if (schema.nullable === true) {
    if (typeof schema.type !== 'string') schemaError(`${at}: nullable without a type`)
    out.type = [schema.type, 'null']
  }
  return out
}

// The CSAF 2.0 schemas, under tests/data/csaf/schema/, by the URLs they are referred to by. The
// provider schema $refs the publisher of csaf_json_schema.json (its $id), which $refs the FIRST
// CVSS schemas by these URLs (their own ids add a ?DATE query).
const CSAF_SCHEMA_DIR = 'csaf/schema'
const CSAF_PROVIDER_SCHEMA = 'provider_json_schema.json'
const CSAF_SCHEMA = 'csaf_json_schema.json'
const CSAF_SCHEMA_ID = 'https://docs.oasis-open.org/csaf/csaf/v2.0/csaf_json_schema.json'
const FIRST_CVSS_SCHEMAS = [
  ['cvss-v2.0.json', 'https://www.first.org/cvss/cvss-v2.0.json'],
  ['cvss-v3.0.json', 'https://www.first.org/cvss/cvss-v3.0.json'],
  ['cvss-v3.1.json', 'https://www.first.org/cvss/cvss-v3.1.json'],
]
const DRAFT_2020_12 = 'https://json-schema.org/draft/2020-12/schema'
const FIRST_DRAFTS = new Set([
  'http://json-schema.org/draft-04/schema#',
  'http://json-schema.org/draft-07/schema#',
])
// The keywords of the FIRST schemas, each meaning the same in draft-04, draft-07 and 2020-12
// (definitions included, which ajv knows in every draft). license is their copyright notice.
const FIRST_KEYWORDS = new Set([
  '$schema', 'id', '$id', 'license', 'title', 'description', 'type', 'definitions', 'properties',
  'required', 'enum', 'minimum', 'maximum', 'pattern', '$ref',
])

// A FIRST CVSS schema (draft-04 for CVSS 2.0 and 3.0, draft-07 for 3.1) as the 2020-12 schema
// that ajv/dist/2020.js, which knows no older draft, can take beside the CSAF schema, as
// @secvisogram/csaf-validator-lib does with its own copies: $schema becomes 2020-12, draft-04's
// id becomes $id, the license array (a copyright notice, which strict mode would refuse as an
// unknown keyword) is dropped. Nothing else changes: a keyword outside FIRST_KEYWORDS, or a $ref
// with siblings (ignored before 2019-09, applied in 2020-12), is an error, not something to
// convert.
function firstCvssSchema(schema, name) {
  const fail = (message) => {
    throw new UsageError(`validate.mjs: ${CSAF_SCHEMA_DIR}/${name}: ${message}`)
  }
  if (!FIRST_DRAFTS.has(schema.$schema)) fail(`unexpected $schema ${JSON.stringify(schema.$schema)}`)
  const walk = (node, at) => {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) fail(`${at}: not a schema`)
    for (const key of Object.keys(node)) {
      if (!FIRST_KEYWORDS.has(key)) fail(`${at}: unknown keyword '${key}'`)
    }
    if ('$ref' in node && Object.keys(node).length > 1) fail(`${at}: $ref with siblings`)
    for (const key of ['properties', 'definitions']) {
      for (const [n, s] of Object.entries(node[key] ?? {})) walk(s, `${at}/${key}/${n}`)
    }
  }
  walk(schema, '#')
  const { license, id, ...rest } = schema
  const out = { ...rest, $schema: DRAFT_2020_12 }
  if (id !== undefined) {
    if (rest.$id !== undefined) fail('both id and $id')
    out.$id = id
  }
  return out
}

// A checker: text -> { errors: [{pointer, message}], infos: [...] }, or a parse error.
async function makeChecker(kind) {
  if (kind === 'osv' || kind === 'cve5' || kind === 'ghsa' || kind === 'csaf-provider') {
    const { default: addFormats } = await import('ajv-formats')
    let ajv
    let schema
    const referenced = [] // [schema, the URL it is referred to by], added before compiling
    if (kind === 'osv') {
      const { default: Ajv2020 } = await import('ajv/dist/2020.js')
      ajv = new Ajv2020({ allErrors: true, strictTypes: false })
      schema = readSchema('osv/schema.json')
    } else if (kind === 'cve5') {
      const { default: Ajv } = await import('ajv')
      ajv = new Ajv({ allErrors: true, strictTypes: false })
      schema = readSchema('cve/CVE_JSON_bundled_5.1.1.json')
    } else if (kind === 'csaf-provider') {
      // The provider, CSAF and (converted) FIRST schemas pass ajv's strictest mode.
      const { default: Ajv2020 } = await import('ajv/dist/2020.js')
      ajv = new Ajv2020({ allErrors: true, strict: true })
      for (const [name, url] of FIRST_CVSS_SCHEMAS) {
        referenced.push([firstCvssSchema(readSchema(`${CSAF_SCHEMA_DIR}/${name}`), name), url])
      }
      referenced.push([readSchema(`${CSAF_SCHEMA_DIR}/${CSAF_SCHEMA}`), CSAF_SCHEMA_ID])
      schema = readSchema(`${CSAF_SCHEMA_DIR}/${CSAF_PROVIDER_SCHEMA}`)
    } else {
      // GitHub's schema passes ajv's strictest mode, strictTypes included; the type unions
      // that nullable becomes need allowUnionTypes.
      const { default: Ajv } = await import('ajv')
      ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true })
      schema = ghsaRequestSchema()
    }
    addFormats(ajv)
    let validate
    try {
      for (const [s, url] of referenced) ajv.addSchema(s, url)
      validate = ajv.compile(schema)
    } catch (e) {
      // A schema ajv refuses (strict mode, an unresolvable $ref) is a usage error, not a finding.
      throw new UsageError(`validate.mjs: ${kind}: cannot compile the schema: ${e.message}`)
    }
    return (doc) => {
      validate(doc)
      return {
        errors: (validate.errors ?? []).map((e) => ({
          pointer: e.instancePath,
          message: ajvMessage(e),
        })),
        infos: [],
      }
    }
  }

  const lib = '@secvisogram/csaf-validator-lib'
  const [schemaTests, mandatory, optional, { default: validateStrict }] = await Promise.all([
    import(`${lib}/schemaTests.js`),
    import(`${lib}/mandatoryTests.js`),
    import(`${lib}/optionalTests.js`),
    import(`${lib}/validateStrict.js`),
  ])
  const recommended = new Set(kind === 'csaf' ? Object.keys(optional) : [])
  const tests = [
    schemaTests.csaf_2_0,
    ...Object.values(mandatory),
    ...(kind === 'csaf' ? Object.values(optional) : []),
  ]
  return async (doc) => {
    // validateStrict refuses any test function that is not the library's own.
    const result = await validateStrict(tests, doc)
    const errors = []
    const infos = []
    for (const t of result.tests) {
      const name = recommended.has(t.name) ? `${t.name} (recommended)` : t.name
      for (const e of t.errors) errors.push({ pointer: e.instancePath, message: `[${name}] ${e.message}` })
      // Recommended tests report through warnings: here they make the document invalid.
      for (const w of t.warnings) errors.push({ pointer: w.instancePath, message: `[${name}] ${w.message}` })
      for (const i of t.infos) infos.push({ pointer: i.instancePath, message: `[${name}] ${i.message}` })
    }
    return { errors, infos }
  }
}

// Each kind's checker, made once (a server keeps them for every request).
const checkers = new Map()
function checkerFor(kind) {
  if (!checkers.has(kind)) checkers.set(kind, makeChecker(kind))
  return checkers.get(kind)
}

// One run: what it prints on standard output and standard error, and its exit status. FILE
// names are read relative to `cwd` and printed as given.
async function run(args, cwd) {
  const out = []
  try {
    const [kind, ...files] = args
    if (kind === undefined || kind === '-h' || kind === '--help') usage()
    if (!KINDS.includes(kind)) usage(`unknown kind '${kind}'`)
    if (files.length === 0) usage('no file given')
    // Read every file first, so that a missing file is a usage error before any output.
    const documents = []
    for (const file of files) {
      let text
      try {
        text = readText(resolve(cwd, file))
      } catch (e) {
        usage(`cannot read ${file}: ${e.message}`)
      }
      documents.push({ file, text })
    }
    let check
    try {
      check = await checkerFor(kind)
    } catch (e) {
      checkers.delete(kind)
      throw e
    }
    const where = (pointer) => (pointer ? pointer : '(root)')
    let invalid = 0
    for (const { file, text } of documents) {
      let doc
      let findings
      try {
        doc = JSON.parse(text)
      } catch (e) {
        findings = { errors: [{ pointer: '', message: `not JSON: ${e.message}` }], infos: [] }
      }
      if (findings === undefined) findings = await check(doc)
      for (const e of findings.errors) out.push(`${file} ${where(e.pointer)}: ${e.message}`)
      for (const i of findings.infos) out.push(`${file} ${where(i.pointer)}: info: ${i.message}`)
      if (findings.errors.length === 0) {
        out.push(`${file}: valid`)
      } else {
        invalid++
        out.push(`${file}: INVALID (${findings.errors.length} errors)`)
      }
    }
    return { out, err: [], status: invalid === 0 ? 0 : 1 }
  } catch (e) {
    // A validator that throws has not judged the document: never exit 1 ("invalid") for it.
    const message = e instanceof UsageError ? e.message : `validate.mjs: ${e.stack ?? e}`
    return { out, err: [message], status: 2 }
  }
}

// Serves runs on the abstract Unix socket `name` until SIGTERM.
function serve(name) {
  // allowHalfOpen: the client ends its side once it has sent the request, and waits for the
  // answer on the other.
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    let request = ''
    socket.setEncoding('utf8')
    socket.on('data', async (chunk) => {
      request += chunk
      if (!request.endsWith('\n')) return
      let answer
      try {
        const { kind, files, cwd } = JSON.parse(request)
        answer = await run([kind, ...files], cwd)
      } catch (e) {
        answer = { out: [], err: [`validate.mjs: ${e.stack ?? e}`], status: 2 }
      }
      socket.end(JSON.stringify(answer) + '\n')
    })
  })
  server.listen(`\0${name}`, () => console.log(`serving on ${name}`))
  process.on('SIGTERM', () => server.close(() => process.exit(0)))
}

// The server's answer to this run, or null when no server answers on `name`.
function ask(name, args) {
  return new Promise((done) => {
    let answer = ''
    const socket = createConnection(`\0${name}`, () => {
      const [kind, ...files] = args
      socket.end(JSON.stringify({ kind, files, cwd: process.cwd() }) + '\n')
    })
    socket.setEncoding('utf8')
    socket.on('data', (chunk) => (answer += chunk))
    socket.on('error', () => done(null))
    socket.on('end', () => {
      try {
        done(JSON.parse(answer))
      } catch {
        done(null) // no answer, or a cut one: the server went away
      }
    })
  })
}

const args = process.argv.slice(2)
if (args[0] === '--serve') {
  if (args.length !== 2) {
    console.error('usage: node validate.mjs --serve NAME')
    process.exit(2)
  }
  serve(args[1])
} else {
  const server = process.env.EMBARGO_VALIDATOR
  const result = (server && (await ask(server, args))) || (await run(args, process.cwd()))
  for (const line of result.out) console.log(line)
  for (const line of result.err) console.error(line)
  process.exit(result.status)
}
