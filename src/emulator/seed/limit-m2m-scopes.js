/**
 * Limit the scopes machine-to-machine clients can obtain.
 * Each client id maps to the scopes it may request; anything else is removed.
 */
const ALLOWED_SCOPES = {
  'reporting-service': ['read:reports'],
  'billing-worker': ['read:invoices', 'write:invoices'],
};
const DEFAULT_SCOPES = ['read:public'];

exports.onExecuteCredentialsExchange = async (event, api) => {
  const clientName = event.client.name;
  const allowed = ALLOWED_SCOPES[clientName] || DEFAULT_SCOPES;
  const requested = event.transaction.requested_scopes || [];

  const denied = requested.filter((scope) => !allowed.includes(scope));
  if (denied.length > 0) {
    console.log(`client ${clientName} asked for ${denied.join(' ')}`);
    api.access.deny('invalid_scope', `Scopes not allowed: ${denied.join(' ')}`);
    return;
  }
  api.accessToken.setCustomClaim('https://example.com/client', clientName);
};
