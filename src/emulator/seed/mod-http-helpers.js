/**
 * Small HTTP helpers shared by actions: retry decisions and JSON posts.
 */
const RETRYABLE = [429, 502, 503];

function isRetryable(status) {
  return RETRYABLE.includes(status);
}

async function postJson(url, body, headers) {
  const res = await fetch(url, {
    method: 'POST',
    headers: Object.assign({ 'content-type': 'application/json' }, headers),
    body: JSON.stringify(body),
  });
  return res.json();
}

module.exports = { isRetryable, postJson };
