/**
 * Tag machine-to-machine access tokens with the customer tenant of the client.
 * Downstream APIs read the claim to scope every query to one tenant, so a
 * client without tenant metadata must not get a token at all.
 */
const CLAIM = 'https://example.com/tenant';

function tenantOf(client) {
  const metadata = client.metadata || {};
  return metadata.tenant_id;
}

exports.onExecuteCredentialsExchange = async (event, api) => {
  const metadata = event.client.metadata || {};
  const tenant = tenantOf(event.client);
  if (!tenant) {
    api.access.deny('invalid_request', 'Client has no tenant_id metadata.');
    return;
  }
  api.accessToken.setCustomClaim(CLAIM, tenant);
};
