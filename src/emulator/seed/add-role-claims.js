/**
 * Add role claims to ID and access tokens.
 * Roles come from the user's authorization context; the namespace keeps
 * custom claims from clashing with OIDC standard claims.
 */
const claims = require('claims-utils');

const NAMESPACE = 'https://example.com/claims';

exports.onExecutePostLogin = async (event, api) => {
  const roles = event.authorization ? event.authorization.roles : [];
  console.log(`adding ${roles.length} roles for ${event.user.user_id}`);

  api.idToken.setCustomClaim(`${NAMESPACE}/roles`, roles);
  api.accessToken.setCustomClaim(`${NAMESPACE}/roles`, roles);

  const org = event.organization;
  if (org) {
    api.accessToken.setCustomClaim(`${NAMESPACE}/org`, org.name);
  }

  const email = event.user.email || '';
  api.idToken.setCustomClaim(`${NAMESPACE}/email_domain`, email.split('@')[1] || null);
};
