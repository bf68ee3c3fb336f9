// CAP custom authentication (cds.requires.auth.impl): a resource server's
// bearer check written from RFC 6750 and RFC 9068. The token must be a JWT
// signed by the interop issuer's key (its JWKS), for this API's audience and
// unexpired; its scopes become the CAP user's roles, so the service's
// @requires: 'read' answers 403 to a token without the read scope.
const cds = require('@sap/cds')

let verifier // a promise of (token) => payload, made on first use

function makeVerifier() {
  return import('jose').then((jose) => {
    const jwks = jose.createRemoteJWKSet(new URL(process.env.ODX_INTEROP_JWKS_URL))
    return async (token) => {
      const { payload } = await jose.jwtVerify(token, jwks, {
        issuer: process.env.ODX_INTEROP_ISSUER,
        audience: process.env.ODX_INTEROP_AUDIENCE,
        algorithms: ['RS256'],
        typ: 'at+jwt',
      })
      return payload
    }
  })
}

function deny(res, description) {
  res.set('WWW-Authenticate', `Bearer realm="odx-interop", error="invalid_token", error_description="${description}"`)
  res.status(401).json({ error: { code: '401', message: 'Unauthorized' } })
}

module.exports = async function interopAuth(req, res, next) {
  const h = req.headers.authorization || ''
  const m = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i.exec(h)
  if (!m) {
    res.set('WWW-Authenticate', 'Bearer realm="odx-interop"')
    return res.status(401).json({ error: { code: '401', message: 'Unauthorized' } })
  }
  let payload
  try {
    verifier ??= makeVerifier()
    payload = await (await verifier)(m[1])
  } catch (e) {
    const expired = e && e.code === 'ERR_JWT_EXPIRED'
    if (process.env.ODX_INTEROP_DEBUG) console.error('interop auth:', e && e.code, e && e.message)
    return deny(res, expired ? 'The access token expired' : 'The access token is invalid')
  }
  const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : []
  if (!scopes.includes('read')) {
    // CAP itself answers 403 (@requires: 'read'); say which scope was missing.
    res.set('WWW-Authenticate', 'Bearer realm="odx-interop", error="insufficient_scope", scope="read"')
  }
  req.user = new cds.User({ id: String(payload.client_id || payload.sub), roles: scopes })
  next()
}
