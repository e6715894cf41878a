/**
 * Tag machine-to-machine access tokens with the customer tenant of the client.
 */
const CLAIM = 'https://example.com/tenant';

exports.onExecuteCredentialsExchange = async (event, api) => {
  const metadata = event.client.metadata || {};
  const tenant = metadata.tenant_id;
  if (!tenant) {
    api.access.deny('invalid_request', 'Client has no tenant_id metadata.');
    return;
  }
  api.accessToken.setCustomClaim(CLAIM, tenant);
};
