import { describe, expect, it } from 'vitest';
import { secretDetector } from './secret.js';

const hits = (text: string) =>
  secretDetector.detect({ text, layer: 'original' }).filter((f) => f.score >= 0.5);

describe('secret detector', () => {
  it.each([
    ['AKIAZ3MHLKTPQR7WXY2B', 'AWS_ACCESS_KEY'],
    ['token ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789', 'GITHUB_TOKEN'],
    ['glpat-Ab3dE6gH9jK2mN5pQ8sT', 'GITLAB_TOKEN'],
    ['sk_live_4eC39HqLyjWDarjtT1zdp7dc', 'STRIPE_KEY'],
    ['xoxb-263594206564-FGqddMF8t08v8N7Oq4i57vs1', 'SLACK_TOKEN'],
    ['npm_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789', 'NPM_TOKEN'],
    ['-----BEGIN RSA PRIVATE KEY-----\nMIIEow...', 'PRIVATE_KEY'],
    ['postgres://admin:Xk9#pQ2mZ@db.example.net/app', 'CONNECTION_STRING'],
    ['db_password = "Tr0ub4dor&3x!"', 'PASSWORD'],
    ['api_key: "q8Zr2LmX0pW7vN4kT9sB3yF6"', 'SECRET'],
    ['curl -u "k7Qz2LmX0pW9!t:" https://api.example.net', 'SECRET'],
    ['"t": "xoxe-4726837507825-4848681849303-4856614048758-e0b1f3d4cb371f92"', 'SLACK_TOKEN'],
  ])('finds %s', (text, entity) => {
    expect(hits(text).map((f) => f.entity)).toContain(entity);
    for (const f of hits(text)) expect(f.evidence).toContain('*');
  });

  it.each([
    'AKIAIOSFODNN7EXAMPLE',
    'ghp_short',
    'xoxb-xxxxxxxxx-xxxxxxxxxx-xxxxxxxxxxxx',
    'password = "changeme"',
    `api_key = $${'{API_KEY}'}`,
    'api_key: <your-key>',
    'password = os.environ["DB_PASSWORD"]',
    'publicToken = "9Cnzj4p4WGeKLs1Pt8QuKUpRKfFLfRYC9AIKjbJTWit"',
    `curl -u "$${'{USER}'}:$${'{PASS}'}" https://x`,
    'curl -u admin: https://x',
    'curl -u jane.doe@example.org: https://x',
    '-----BEGIN OPENSSH PRIVATE KEY----------END OPENSSH PRIVATE KEY-----',
  ])('ignores %s', (text) => {
    expect(hits(text)).toEqual([]);
  });
});
