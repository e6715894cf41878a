/**
 * Shared deny lists: disposable email providers and suspicious TLDs.
 */
const EXTRA_DOMAINS = ['mailinator.com', 'guerrillamail.com'];
const SUSPICIOUS_TLDS = ['.zip', '.mov'];

function isDisposable(domain) {
  return EXTRA_DOMAINS.includes(domain);
}

function isSuspicious(domain) {
  return SUSPICIOUS_TLDS.some((tld) => domain.endsWith(tld));
}

module.exports = { isDisposable, isSuspicious };
