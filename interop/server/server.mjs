// odx interop server: two servers written by others, on one loopback origin
// laid out like an ERP.net instance.
//
//   {origin}/id                  oidc-provider (OpenID Certified): client
//                                credentials, RS256 JWT access tokens (RFC 9068)
//   {origin}/id/connect/token    its token endpoint
//   {origin}/api/domain/odata/   SAP CAP: OData v4 over in-memory SQLite,
//                                guarded by auth.cjs (bearer JWT, scope read)
//   {origin}/odata/v2/api/domain/odata/
//                                the same service as OData v2, through
//                                @cap-js-community/odata-v2-adapter
//
// Environment: ODX_INTEROP_TOKEN_TTL (seconds, default 300),
// ODX_INTEROP_PAGE_MAX (CAP's server page size, default 1000),
// ODX_INTEROP_DEBUG (log auth failures to stderr).
//
// When ready it prints one JSON line on stdout:
//   {"origin","issuer","token_url","service_root","service_root_v2","client_id","client_secret",
//    "reader_id","reader_secret","token_ttl","page_max"}
// and runs until stdin closes, SIGTERM or SIGINT.
import http from 'node:http'
import crypto from 'node:crypto'
import path from 'node:path'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

process.env.CDS_STRICT_NODE_VERSION ??= 'false'
const here = path.dirname(fileURLToPath(import.meta.url))
const require = createRequire(import.meta.url)

const { default: Provider } = await import('oidc-provider')
const jose = await import('jose')
const cds = require('@sap/cds')
const express = require('express')
const { CUSTOMERS, ORDERS, customer, order } = await import('./data.mjs')

const ttl = Number(process.env.ODX_INTEROP_TOKEN_TTL || 300)
const pageMax = Number(process.env.ODX_INTEROP_PAGE_MAX || 1000)

function quit(code) {
  process.exit(code)
}
process.on('SIGTERM', () => quit(0))
process.on('SIGINT', () => quit(0))
process.stdin.on('end', () => quit(0))
process.stdin.on('close', () => quit(0))
process.stdin.resume()

// Listen first: the issuer URL needs the port.
const app = express()
const server = http.createServer(app)
await new Promise((resolve, reject) => {
  server.once('error', reject)
  server.listen(0, '127.0.0.1', resolve)
})
const origin = `http://127.0.0.1:${server.address().port}`
const issuer = `${origin}/id`
const serviceRoot = `${origin}/api/domain/odata/`

// --- oidc-provider --------------------------------------------------------
const { privateKey } = await jose.generateKeyPair('RS256', { extractable: true })
const jwk = { ...(await jose.exportJWK(privateKey)), kid: 'interop-1', alg: 'RS256', use: 'sig' }

const client = { id: 'odx-interop/service', secret: crypto.randomBytes(24).toString('base64url') }
const reader = { id: 'odx-interop/no-read', secret: crypto.randomBytes(24).toString('base64url') }

const provider = new Provider(issuer, {
  jwks: { keys: [jwk] },
  clients: [client, reader].map((c, i) => ({
    client_id: c.id,
    client_secret: c.secret,
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
    token_endpoint_auth_method: 'client_secret_post',
    scope: i === 0 ? 'read update' : 'update',
  })),
  scopes: ['read', 'update'],
  routes: { token: '/connect/token', jwks: '/.well-known/jwks' },
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    introspection: { enabled: false },
    revocation: { enabled: false },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => serviceRoot,
      useGrantedResource: () => true,
      getResourceServerInfo: (ctx, resourceIndicator) => {
        if (resourceIndicator !== serviceRoot) throw new Provider.errors.InvalidTarget()
        return {
          scope: 'read update',
          audience: serviceRoot,
          accessTokenTTL: ttl,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'RS256' } },
        }
      },
    },
  },
  ttl: { ClientCredentials: ttl },
})
provider.proxy = false
app.use('/id', provider.callback())

// --- CAP ------------------------------------------------------------------
process.env.ODX_INTEROP_JWKS_URL = `${issuer}/.well-known/jwks`
process.env.ODX_INTEROP_ISSUER = issuer
process.env.ODX_INTEROP_AUDIENCE = serviceRoot
cds.root = here
cds.env.requires.db = { kind: 'sqlite', impl: '@cap-js/sqlite', driver: 'better-sqlite3', credentials: { url: ':memory:' } }
cds.env.requires.auth = { kind: 'custom', impl: path.join(here, 'auth.cjs') }
cds.env.query.limit.max = pageMax
cds.env.server.index = false
for (const id of ['cds', 'serve', 'sqlite', 'db', 'auth', 'odata', 'app', 'deploy']) cds.log(id, process.env.ODX_INTEROP_DEBUG ? 'debug' : 'error')

const csn = await cds.load(path.join(here, 'srv', 'erp.cds'))
cds.model = cds.compile.for.nodejs(csn)
cds.db = await cds.connect.to('db')
await cds.deploy(csn).to(cds.db, { silent: true })
const { Customers, SalesOrders } = cds.entities('erp')
const rows = (n, f) => Array.from({ length: n }, (_, k) => f(k + 1))
await INSERT.into(Customers).entries(rows(CUSTOMERS, customer))
await INSERT.into(SalesOrders).entries(rows(ORDERS, order))
await cds.serve('all').from(cds.model).in(app)

// --- the same service as OData v2 -----------------------------------------
// @cap-js-community/odata-v2-adapter (SAP's community adapter) translates v2
// requests into v4 ones against the CAP service above and v4 answers back
// into v2 JSON (d.results, __next, __count, /Date(...)/), as SAP Gateway and
// SuccessFactors speak it. The bearer is forwarded, so auth.cjs still guards.
const cov2ap = require('@cap-js-community/odata-v2-adapter')
app.use(cov2ap({ plugin: false, build: false, registerOnListening: false, path: 'odata/v2', targetPath: '', target: origin, model: path.join(here, 'srv', 'erp.cds') }))
const serviceRootV2 = `${origin}/odata/v2/api/domain/odata/`

process.stdout.write(JSON.stringify({
  origin,
  issuer,
  token_url: `${issuer}/connect/token`,
  service_root: serviceRoot,
  service_root_v2: serviceRootV2,
  client_id: client.id,
  client_secret: client.secret,
  reader_id: reader.id,
  reader_secret: reader.secret,
  token_ttl: ttl,
  page_max: pageMax,
}) + '\n')
