/**
 * Helpers for namespaced custom claims.
 */
const DEFAULT_NAMESPACE = 'https://example.com/claims';

function claimName(name, namespace) {
  return `${namespace || DEFAULT_NAMESPACE}/${name}`;
}

function setBoth(api, name, value) {
  api.idToken.setCustomClaim(claimName(name), value);
  api.accessToken.setCustomClaim(claimName(name), value);
}

module.exports = { claimName, setBoth };
