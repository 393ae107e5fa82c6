import { describe, expect, it } from 'vitest';
import { buildOAuthHeader, oauthSignature, parseOAuthHeader, percentEncode } from './x-oauth1.ts';

// Twitter's documented example, "Creating a signature" (developer.x.com/en/docs/authentication/oauth-1-0a/creating-a-signature).
const documented = {
  method: 'POST',
  url: 'https://api.twitter.com/1.1/statuses/update.json?include_entities=true',
  bodyParams: { status: 'Hello Ladies + Gentlemen, a signed OAuth request!' },
  oauthParams: {
    oauth_consumer_key: 'xvz1evFS4wEEPTGEFPHBog',
    oauth_nonce: 'kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg',
    oauth_signature_method: 'HMAC-SHA1',
    oauth_timestamp: '1318622958',
    oauth_token: '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb',
    oauth_version: '1.0',
  },
  consumerSecret: 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw',
  tokenSecret: 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE',
};

describe('OAuth 1.0a signing', () => {
  it('reproduces the documented signature', () => {
    expect(oauthSignature(documented)).toBe('hCtSmYh+iHYCEqBWrE7C7hYmtUk=');
  });

  it('builds a header that parses back and carries the same signature', () => {
    const header = buildOAuthHeader(
      'POST',
      documented.url,
      {
        consumerKey: documented.oauthParams.oauth_consumer_key,
        consumerSecret: documented.consumerSecret,
        token: documented.oauthParams.oauth_token,
        tokenSecret: documented.tokenSecret,
      },
      { nonce: documented.oauthParams.oauth_nonce, timestamp: documented.oauthParams.oauth_timestamp, bodyParams: documented.bodyParams },
    );
    expect(header).toContain('oauth_signature="hCtSmYh%2BiHYCEqBWrE7C7hYmtUk%3D"');
    expect(parseOAuthHeader(header)?.oauth_signature).toBe('hCtSmYh+iHYCEqBWrE7C7hYmtUk=');
  });

  it('percent-encodes the RFC 3986 reserved characters encodeURIComponent keeps', () => {
    expect(percentEncode("Ladies + Gentlemen!*'()")).toBe('Ladies%20%2B%20Gentlemen%21%2A%27%28%29');
  });

  it('refuses headers that are not OAuth', () => {
    expect(parseOAuthHeader('Bearer abc')).toBeNull();
    expect(parseOAuthHeader(undefined)).toBeNull();
  });
});
