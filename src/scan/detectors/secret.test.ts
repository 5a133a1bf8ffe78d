import { crc32 } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../core/random.js';
import { secretDetector } from './secret.js';
import { base62, hasCrc32Suffix, isBech32 } from './secret-formats.js';
import { credentialScore, isFiller, nameKind } from './secret-values.js';

const detect = (text: string, field?: string) =>
  secretDetector.detect({ text, layer: 'original', ...(field === undefined ? {} : { field }) });
const hits = (text: string) => detect(text).filter((f) => f.score >= 0.5);
const entities = (text: string) => hits(text).map((f) => f.entity);

const rand = seededRandom(7);
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';
/** A random string over `alphabet` (deterministic: seeded). */
function rnd(n: number, alphabet = ALNUM): string {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(rand() * alphabet.length)];
  return s;
}
const b64 = (n: number) => rnd(n, `${ALNUM}+/`);
const b64url = (n: number) => rnd(n, `${ALNUM}_-`);
const jwtPart = (json: object) => Buffer.from(JSON.stringify(json)).toString('base64url');
// detect-secrets' keyword fixture: brackets and braces that are not a template.
const ODD = `m{{h}o)p$${'{'}e]nob(ody[finds>-_$#thisone}}`;
const JWT = `${jwtPart({ alg: 'HS256', typ: 'JWT' })}.${jwtPart({ sub: '42', iat: 1516239022 })}.${b64url(43)}`;

/** A GitHub-style token whose last six characters are the base-62 CRC32 of the rest. */
function checksummed(prefix: string, body30: string): string {
  return prefix + body30 + base62(crc32(body30) >>> 0, 6);
}

describe('secret detector: provider formats', () => {
  // One live-looking key per format, and a near miss of the same format that must not block.
  it.each([
    [
      'AWS_ACCESS_KEY',
      `AKIA${rnd(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`,
      `AKIA${rnd(15, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`,
    ],
    [
      'AWS_ACCESS_KEY',
      `ASIA${rnd(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`,
      `XASIA${rnd(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`,
    ],
    ['AWS_SESSION_TOKEN', `IQoJb3JpZ2luX2Vj${b64(300)}`, `IQoJb3JpZ2luX2Vj${b64(40)}`],
    [
      'AWS_BEDROCK_KEY',
      `ABSK${Buffer.from(`BedrockAPIKey-${rnd(100)}`).toString('base64')}`,
      `ABSK${b64(40)}`,
    ],
    ['GCP_API_KEY', `AIzaSy${b64url(33)}`, `AIzaSy${b64url(33)}abcd123`],
    ['GCP_OAUTH_SECRET', `GOCSPX-${b64url(28)}`, `GOCSPX-${b64url(20)}`],
    ['AZURE_STORAGE_KEY', `AccountKey=${b64(86)}==`, `AccountKey=${b64(20)}`],
    [
      'AZURE_CLIENT_SECRET',
      `client_secret: ${rnd(3)}8Q~${rnd(34, `${ALNUM}_~.-`)}`,
      `${rnd(3)}8Q~${'x'.repeat(34)}`,
    ],
    ['GITHUB_TOKEN', `ghp_${rnd(36)}`, `ghp_${rnd(20)}`],
    ['GITHUB_TOKEN', `github_pat_${rnd(22)}_${rnd(59)}`, 'github_pat_abc'],
    ['GITLAB_TOKEN', `glpat-${b64url(20)}`, `glpat_${b64url(20)}`],
    ['GITLAB_TOKEN', `glptt-${rnd(40, HEX)}`, `glptt-${rnd(43, HEX)}`],
    ['GITLAB_TOKEN', `glimt-${b64url(25)}`, `glimt-${b64url(23)}`],
    ['GITLAB_TOKEN', `gloas-${b64url(64)}`, `gloas-${b64url(70)}`],
    ['GITLAB_TOKEN', `glagent-${b64url(50)}`, `glagent-${b64url(20)}`],
    ['GITLAB_TOKEN', `GR1348941${b64url(20)}`, 'GR134894112312312312312312312'],
    [
      'GITLAB_TOKEN',
      `glrt-t1_${b64url(27)}.${rnd(9, 'abcdefghijklmnopqrstuvwxyz0123456789')}`,
      'glrt-tx_xxxxxxxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxx',
    ],
    ['NPM_TOKEN', `npm_${rnd(36)}`, `npm_${rnd(30)}`],
    ['PYPI_TOKEN', `pypi-AgEIcHlwaS5vcmc${b64url(120)}`, `pypi-AgEIcHlwaS5vcmc${b64url(40)}`],
    ['STRIPE_KEY', `sk_live_${rnd(24)}`, `pk_live_${rnd(24)}`],
    [
      'SLACK_TOKEN',
      `xoxb-${rnd(12, HEX.slice(0, 10))}-${rnd(13, HEX.slice(0, 10))}-${rnd(24)}`,
      'xoxb-12345-abcd234',
    ],
    [
      'SLACK_WEBHOOK',
      `https://hooks.slack.com/services/T${rnd(8)}/B${rnd(8)}/${rnd(24)}`,
      'https://hooks.slack.com/services/',
    ],
    ['TWILIO_KEY', `SK${rnd(32, HEX)}`, `SK${rnd(31, HEX)}`],
    ['SENDGRID_KEY', `SG.${b64url(22)}.${b64url(43)}`, `SG.${b64url(22)}..${b64url(43)}`],
    ['MAILCHIMP_KEY', `${rnd(32, HEX)}-us18`, `${rnd(32, HEX)}-al32`],
    ['TELEGRAM_TOKEN', `7213808860:AA${b64url(33)}`, `foo:AA${b64url(33)}`],
    [
      'DISCORD_TOKEN',
      `${Buffer.from('829481394479652875').toString('base64').replace(/=+$/, '')}.${b64url(6)}.${b64url(38)}`,
      `${b64url(23)}.${b64url(5)}.${b64url(27)}`,
    ],
    ['ANTHROPIC_KEY', `sk-ant-api03-${b64url(93)}AA`, `sk-ant-api03-${b64url(93)}BB`],
    ['OPENAI_KEY', `sk-proj-${rnd(58)}T3BlbkFJ${rnd(58)}`, `sk-proj-${rnd(20)}T4BlbkFJ${rnd(20)}`],
    ['GROQ_KEY', `gsk_${rnd(20)}WGdyb3FY${rnd(24)}`, `gsk_${rnd(40)}`],
    [
      'HUGGINGFACE_TOKEN',
      `hf_${rnd(34, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz')}`,
      'hf_xxxxx',
    ],
    ['PERPLEXITY_KEY', `pplx-${rnd(48)}`, `pplx-${'x'.repeat(48)}`],
    ['XAI_KEY', `xai-${rnd(80)}`, `xai-${rnd(20)}`],
    ['JFROG_KEY', `AKCp${rnd(69)}`, `AKCp${'X'.repeat(69)}`],
    ['VAULT_TOKEN', `hvs.${b64url(95)}`, `hvs.${'x'.repeat(95)}`],
    ['DIGITALOCEAN_TOKEN', `dop_v1_${rnd(64, HEX)}`, `dop_v1_${rnd(60, HEX)}`],
    ['SHOPIFY_TOKEN', `shpat_${rnd(32, HEX)}`, `shpat_${rnd(31, HEX)}`],
    [
      'AGE_SECRET_KEY',
      `AGE-SECRET-KEY-1${rnd(58, 'QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L')}`,
      `AGE-SECRET-KEY-1${'Q'.repeat(58)}`,
    ],
    [
      'ONEPASSWORD_SECRET',
      'A3-ASWWYB-798JRYLJVD4-23DC2-86TVM-H43EB',
      'A3-XXXXXX-XXXXXXXXXXX-XXXXX-XXXXX-XXXXX',
    ],
    ['JWT', JWT, 'eyJAAAA.eyJBBB'],
    ['DATABRICKS_TOKEN', `dapi${rnd(32, HEX)}`, `dapi${rnd(31, HEX)}g5`],
    ['OPENSHIFT_TOKEN', `sha256~${b64url(43)}`, `sha256~${b64url(20)}`],
    ['NVIDIA_KEY', `nvapi-${b64url(64)}`, `nvapi-${b64url(20)}`],
    ['TAVILY_KEY', `tvly-${rnd(32)}`, `tvly-${rnd(12)}`],
    ['NEON_KEY', `napi_${rnd(48)}`, `xnapi_${rnd(48)}`],
    ['JFROG_PASSWORD', `AP6${rnd(40)}`, 'APAC2024Q3Results are in'],
  ])('%s: finds %s, not the near miss', (entity, key, nearMiss) => {
    expect(entities(`key: ${key} `)).toContain(entity);
    expect(entities(nearMiss).filter((e) => e === entity)).toEqual([]);
  });

  it('masks evidence and keeps the public prefix only', () => {
    const [f] = hits(`ghp_${rnd(36)}`);
    expect(f?.evidence).toMatch(/^ghp_\*+$/);
  });

  it('raises the score of a GitHub or npm token whose CRC32 checksum holds', () => {
    const valid = checksummed('ghp_', rnd(30));
    expect(hits(valid)[0]?.score).toBe(0.99);
    const broken = `${valid.slice(0, -1)}${valid.endsWith('A') ? 'B' : 'A'}`;
    expect(hits(broken)[0]?.score).toBe(0.95);
    expect(hits(checksummed('npm_', rnd(30)))[0]?.score).toBe(0.99);
  });

  it('does not report unsigned JWTs (alg none) nor base64 that is not JSON', () => {
    const none = `${jwtPart({ alg: 'none' })}.${jwtPart({ demo: true })}.`;
    expect(hits(`The sample JWT in the docs is ${none}`)).toEqual([]);
    expect(
      hits(`${Buffer.from('not json at all here').toString('base64url')}.eyJBBBBBBBB.x`),
    ).toEqual([]);
  });
});

describe('secret detector: placeholders and examples', () => {
  it.each([
    'AKIAZZZZZZZZZZZZZZZZ',
    'AKIAXXXXXXXXXXXXXXXX',
    'AKCxxxxxxxxxx',
    `ghp_${'x'.repeat(36)}`,
    'xoxb-xxxxxxxxx-xxxxxxxxxx-xxxxxxxxxxxx',
    'https://hooks.slack.com/services/Txxxxxxxx/Bxxxxxxxx/xxxxxxxxxxxxxxxxxxxxxxxx',
    'SKxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
    'apiKey: "AIzaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"',
    'password = "changeme"',
    `api_key = $${'{API_KEY}'}`,
    'api_key: <your-key>',
    'password = os.environ["DB_PASSWORD"]',
    'https://username:password@example.org',
    'https://username:mypassword@test.com/endpoint',
    'curl -u "$USER:$PASS" https://x',
    'curl --user "xxx:yyy"',
    'SUMO_ACCESS_KEY={SumoAccessKey}',
    `GITHUB_TOKEN: $${'{{'} secrets.GITHUB_TOKEN }}`,
    '-----BEGIN OPENSSH PRIVATE KEY----------END OPENSSH PRIVATE KEY-----',
  ])('a filler or template is not a secret: %s', (text) => {
    expect(hits(text)).toEqual([]);
  });

  it.each([
    ['AKIAIOSFODNN7EXAMPLE', 'AWS_ACCESS_KEY'],
    ['aws_secret_access_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"', 'AWS_SECRET_KEY'],
  ])('a documentation example of an exact format blocks at 0.6: %s', (text, entity) => {
    const f = hits(text);
    expect(f.map((x) => x.entity)).toEqual([entity]);
    expect(f[0]?.score).toBe(0.6);
  });

  it('a near-miss of a documentation example is not one (wrong length)', () => {
    expect(hits('aws_access_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEYa"')).toEqual([]);
  });

  it('a format-exact key with a stand-in word inside is still reported', () => {
    expect(entities(`"bot_token": "xoxb-123456789012-Xw937qtWSXJss1lFaKe"`)).toContain(
      'SLACK_TOKEN',
    );
  });

  it('a version-1 UUID is never a credential; a random one under a token name is', () => {
    expect(hits('_authToken=743b294a-cd03-11ec-9d64-0242ac120002')).toEqual([]);
    expect(entities('_authToken=346a14f2-a672-4668-a892-956a462ab56e')).toEqual(['SECRET']);
  });
});

describe('secret detector: assignments and context', () => {
  it.each([
    ['db_password = "Tr0ub4dor&3x!"', 'PASSWORD'],
    ['api_key: "q8Zr2LmX0pW7vN4kT9sB3yF6"', 'SECRET'],
    [
      '"client_secret" : "6da89121079f83b2eb6acccf8219ea982c3d79bccc3e9c6a85856480661f8fde",',
      'SECRET',
    ],
    ['export DB_PASSWORD=s3cr3tP4ss!', 'PASSWORD'],
    ['SNYK_TOKEN := "12345678-ABCD-ABCD-ABCD-1234567890AB"', 'SNYK_TOKEN'],
    [`if (db_pass != "${ODD}")`, 'PASSWORD'],
    [`std::string secret("${ODD}");`, 'SECRET'],
    ['utils.GetEnvOrDefault("api_token", "dafa7817-e246-48f3-91a7-e87653d587b8")', 'SECRET'],
    ['<password>MyComp9876</password>', 'PASSWORD'],
    ['Server=db;User Id=sa;Password=P@ssw0rd123;', 'PASSWORD'],
    ['sumologic.accessId = "su9OL59biWiJu7"', 'SUMOLOGIC_CREDENTIAL'],
    ['meraki_api_key = "0123456789abcdef0123456789abcdef01234567"', 'MERAKI_KEY'],
    ['export BUNDLE_GEMS__CONTRIBSYS__COM="cafebabe:deadbeef"', 'PASSWORD'],
    ['my api key is q8Zr2LmX0pW7vN4kT9sB3yF6aa', 'SECRET'],
    ['the password is hunter22', 'PASSWORD'],
    ['docker login --password Xk9pQ2mZ77 --username bob', 'PASSWORD'],
    ['My password is: Sunshine2024!', 'PASSWORD'],
    ['the password for the admin account is Xk9pQ2mZ77', 'PASSWORD'],
    ['mein Passwort ist Sommer2024', 'PASSWORD'],
    ['contraseña: Gato1234', 'PASSWORD'],
    ['密码是 abc12345', 'PASSWORD'],
  ])('finds %s', (text, entity) => {
    expect(entities(text)).toContain(entity);
  });

  it.each([
    'notes            = "Maven - io.jsonwebtoken:jjwt-jackson-0.11.2"',
    'publicToken = "9Cnzj4p4WGeKLs1Pt8QuKUpRKfFLfRYC9AIKjbJTWit"',
    'access_token_url="https://github.com/login/oauth/access_token"',
    'credentialsId: "ff083f76-7804-4ef1-80e4-fe975bb9141b"',
    'secret_length = X25519.secret_length',
    'LLM_SECRET_NAME = "NEXUS-GPT4-API-KEY"',
    'sequenceKey = "18"',
    'primaryKey = "Q2xhc3NJZC1hbmQtMTIzNDU2Nzg5"',
    '"token1": "xoxp-1234567890"',
    'DATABRICKS_TOKEN=dapi123456789012345678a9bc01234defg5',
    'meraki-api-key: acdeFf05b1a6d4c890237bf08c5e6e8d2b4d0f2e',
    'ibm-cloud-pwd = abcd1234abcd1234abcd1234ABCD1234ABCD1234--__extra',
    'The commit sha is 9a038989604e8da62ecddbe2094b16ce1b778be1 and the key points are simple.',
    'event-bus-message-api:rc0.15.0_20231217_1420-SNAPSHOT',
    'the model was given the token gridification-obfuscation: the rest',
    'Pass-Nr.: F12345671',
    'the password length is 12345678',
    'token count is 8842155',
    'role arn:aws:iam::123456789012:role/Admin in us-east-1',
    'git clone https://github.com/octocat/Hello-World.git',
    'request_id=550e8400-e29b-41d4-a716-446655440000 status=200',
  ])('ignores %s', (text) => {
    expect(hits(text)).toEqual([]);
  });

  it('reports a bare `key = …` below the blocking threshold', () => {
    const f = detect('key = adf4b1dbRdW3rOcB7xLthrM4BTBGK1qPLkHigpN1bXD6z');
    expect(f.length).toBe(1);
    expect(f[0]!.score).toBeLessThan(0.5);
  });

  it('uses the param name as context for a whole-value secret', () => {
    expect(detect('Tr0ub4dor&3x!', 'password').map((f) => f.entity)).toEqual(['PASSWORD']);
    expect(detect('Tr0ub4dor&3x!', 'nickname')).toEqual([]);
    const aws = detect('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'aws_secret_access_key');
    expect(aws.map((f) => [f.entity, f.score])).toEqual([['AWS_SECRET_KEY', 0.6]]);
  });
});

describe('secret detector: URLs, curl, headers, private keys', () => {
  it.each([
    ['postgres://admin:Xk9#pQ2mZ@db.example.net/app', 'CONNECTION_STRING'],
    ['mongodb+srv://radar:hub24aoeu@io.dbb.mongodb.net/?retryWrites=true', 'CONNECTION_STRING'],
    ['curl -u "k7Qz2LmX0pW9!t:" https://api.example.net', 'SECRET'],
    ["curl --user kevin:'pRf7vG2h1L8nQkW9' -iX PATCH", 'PASSWORD'],
    ['curl -H "Authorization: Api-Token 22cb987851bc5659l29114c62e60c79abd0d2c08"', 'AUTH_TOKEN'],
    ["curl -H 'Authorization: Basic YnJvd3Nlcjo=' \\", 'AUTH_TOKEN'],
    ['-H "Token: 3fea6af1349166ea"', 'SECRET'],
    ['-----BEGIN RSA PRIVATE KEY-----\nMIIEow...', 'PRIVATE_KEY'],
    [
      `"private_key": "-----BEGIN PRIVATE KEY-----\\n${b64(64)}\\n-----END PRIVATE KEY-----\\n"`,
      'PRIVATE_KEY',
    ],
    ['{"type": "service_account", "project_id": "x"}', 'GCP_SERVICE_ACCOUNT'],
    ["sshpass -p 'vXmGkcYM9kUwY3' ssh root@host", 'PASSWORD'],
    ['mysql -u root -pS3cr3tPassw0rd9 shop', 'PASSWORD'],
    ['docker login -u me -p Xk29dkLmQ81zPqWe registry.example.com', 'PASSWORD'],
    ['redis-cli -h cache -a Xk29dkLmQ81zPq ping', 'PASSWORD'],
  ])('finds %s', (text, entity) => {
    expect(entities(text)).toContain(entity);
  });

  it.each([
    'https://url:8000 @something else',
    'http://localhost:5000/<%= @variable %>',
    'curl -u admin: https://x',
    'curl -u jane.doe@example.org: https://x',
    'curl --user "$(cat ./login.txt):$(cat ./password.txt)"',
    'curl https://example.com -H "Authorization: Bearer XXXXXXXXXXXX"',
    'curl -H "Authorization: Bearer $(gcloud auth print-access-token)"',
    'curl --user neo4j:[PASSWORD] http://[IP]:7474/db/data/',
    'docker run -p 8080:80 nginx',
    'mysql -u root -p shop',
    'docker login -u me -p $DOCKER_PASSWORD registry.example.com',
    'echo $PW | docker login -u me --password-stdin',
    'sshpass -p password ssh host',
  ])('ignores %s', (text) => {
    expect(hits(text)).toEqual([]);
  });
});

describe('secret detector: value and name rules', () => {
  it('fillers: one dominant character or too few distinct ones', () => {
    expect(isFiller('ZZZZZZZZZZZZZZZZ')).toBe(true);
    expect(isFiller('aaaaaaaaaa1111111111bbbbbbbbbb2222222222')).toBe(true);
    expect(isFiller('12312312312312312312')).toBe(true);
    expect(isFiller('abcd1234abcd1234abcd1234')).toBe(false);
    expect(isFiller(rnd(20))).toBe(false);
  });

  it('key names: the last word says what the thing is', () => {
    expect(nameKind('db_password')).toBe('password');
    expect(nameKind('MessageBirdClientID')).toBe('provider-id');
    expect(nameKind('clientId')).toBe(null);
    expect(nameKind('token_url')).toBe(null);
    expect(nameKind('mySecretString')).toBe('secret');
    expect(nameKind('cloudant_key')).toBe('key');
    expect(nameKind('key')).toBe('bare-key');
    expect(nameKind('keyword')).toBe(null);
  });

  it('scores a credential by its kind of name', () => {
    expect(credentialScore('hunter22', 'password', true)).toBeGreaterThanOrEqual(0.5);
    expect(credentialScore('hunter22', 'secret', true)).toBe(0);
    expect(credentialScore('X25519.key_length', 'secret', false)).toBe(0);
  });
});

describe('secret checksums (property)', () => {
  const base62Char = fc.constantFrom(...ALNUM.split(''));
  const body30 = fc.array(base62Char, { minLength: 30, maxLength: 30 }).map((a) => a.join(''));

  it('base62 is positional and fixed-width', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (n) => {
        const s = base62(n, 6);
        const digits = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
        let v = 0;
        for (const ch of s) v = v * 62 + digits.indexOf(ch);
        return s.length === 6 && v === n;
      }),
    );
  });

  it('a token built with its CRC32 suffix verifies; any single changed character does not', () => {
    fc.assert(
      fc.property(body30, fc.nat(35), base62Char, (body, at, ch) => {
        const token = checksummed('ghp_', body);
        expect(hasCrc32Suffix(token, 4)).toBe(true);
        const i = 4 + at;
        fc.pre(token[i] !== ch);
        const changed = token.slice(0, i) + ch + token.slice(i + 1);
        expect(hasCrc32Suffix(changed, 4)).toBe(false);
      }),
    );
  });

  const BIP173 = [
    'A12UEL5L',
    'abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw',
    'split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w',
  ];

  it('bech32 accepts the BIP-173 test vectors', () => {
    for (const v of BIP173) expect(isBech32(v)).toBe(true);
  });

  it('bech32 rejects any single substituted data character (property)', () => {
    const alphabet = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
    fc.assert(
      fc.property(
        fc.constantFrom(...BIP173.slice(1)),
        fc.nat(),
        fc.constantFrom(...alphabet),
        (v, at, ch) => {
          const data = v.lastIndexOf('1') + 1;
          const i = data + (at % (v.length - data));
          fc.pre(v[i] !== ch);
          return !isBech32(v.slice(0, i) + ch + v.slice(i + 1));
        },
      ),
    );
  });
});
