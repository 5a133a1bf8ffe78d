/**
 * The HTTP API against a real server (SQLite): authentication and roles, validation, OpenAPI,
 * policy versions, quorum and self-approval, denial, expiry, SSE, scan, monitor, metrics, and
 * logs without secrets or content.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/server/logger.js';
import { client, type Json, startTestServer, type TestServer } from './server-support.js';

const POLICY_A = `name: team
version: "1"
default: allow
rules:
  - id: pay
    effect: escalate
    reason: payments need two finance approvers
    approvers: { role: finance, count: 2 }
    expires: 10m
    match: { phase: action, action: payment.send }
  - id: quick
    effect: escalate
    reason: quick approvals expire fast
    approvers: { role: finance, count: 1 }
    expires: 1s
    match: { phase: action, action: payment.quick }
`;
const POLICY_B = `${POLICY_A.replace('version: "1"', 'version: "2"')}  - id: no-delete
    effect: deny
    reason: deletes are not allowed
    match: { phase: action, action: file.delete }
`;

const logLines: string[] = [];
const sink = new Writable({
  write(chunk, _enc, done) {
    logLines.push(chunk.toString());
    done();
  },
});

describe('server API (sqlite)', () => {
  let srv: TestServer;
  let keys: Record<'agent' | 'auditor' | 'approver' | 'fin1' | 'fin2' | 'selfFin', string>;
  const SECRET_TEXT = 'my card is 4111 1111 1111 1111 and mail me at jane.doe@example.com';

  beforeAll(async () => {
    srv = await startTestServer({ logger: createLogger('info', sink) });
    keys = {
      agent: await srv.key('agent', { name: 'bot' }),
      auditor: await srv.key('auditor', { name: 'carol' }),
      approver: await srv.key('approver', { name: 'dave' }),
      fin1: await srv.key('approver', { name: 'erin', roles: ['finance'] }),
      fin2: await srv.key('approver', { name: 'frank', roles: ['finance'] }),
      // Same principal as the agent: one person holding both keys.
      selfFin: await srv.key('approver', {
        name: 'bot-approver',
        principal: 'bot',
        roles: ['finance'],
      }),
    };
  });
  afterAll(async () => {
    await srv?.stop();
  });

  it('answers 401 without detail for missing, unknown or malformed keys', async () => {
    const bodies = [];
    for (const key of [undefined, `bwk_${'A'.repeat(43)}`, 'not-a-key']) {
      const res = await client(srv.url, key)<Json>('GET', '/v1/approvals');
      expect(res.status).toBe(401);
      bodies.push(res.body);
    }
    const basic = await client(srv.url)('GET', '/v1/approvals', undefined, {
      authorization: `Basic ${Buffer.from('a:b').toString('base64')}`,
    });
    expect(basic.status).toBe(401);
    // Identical bodies: nothing tells a guess from a near miss.
    expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
    expect(bodies[0]).toEqual({
      error: { code: 'unauthorized', message: 'missing or invalid API key' },
    });
  });

  it('enforces roles with 403', async () => {
    const cases: Array<[keyof typeof keys, string, string, unknown?]> = [
      ['agent', 'GET', '/v1/audit/checkpoint'],
      ['agent', 'POST', '/v1/keys', { role: 'admin' }],
      ['agent', 'PUT', '/v1/policies', { source: POLICY_A }],
      ['auditor', 'POST', '/v1/check', { phase: 'input', action: 'llm.chat' }],
      ['auditor', 'POST', '/v1/approvals/apr_x/approve', {}],
      ['approver', 'PUT', '/v1/policies', { source: POLICY_A }],
      ['approver', 'GET', '/v1/audit/receipts'],
    ];
    for (const [who, method, path, body] of cases) {
      const res = await client(srv.url, keys[who])<Json>(method, path, body);
      expect([who, path, res.status]).toEqual([who, path, 403]);
      expect(res.body.error.code).toBe('forbidden');
    }
  });

  it('revokes a key at once', async () => {
    const admin = client(srv.url, srv.adminKey);
    const made = await admin<Json>('POST', '/v1/keys', { role: 'agent', name: 'temp' });
    const temp = client(srv.url, made.body.key);
    expect((await temp('POST', '/v1/check', { phase: 'input', action: 'llm.chat' })).status).toBe(
      200,
    );
    expect((await admin('DELETE', `/v1/keys/${made.body.record.id}`)).status).toBe(200);
    expect((await temp('POST', '/v1/check', { phase: 'input', action: 'llm.chat' })).status).toBe(
      401,
    );
    const listed = await admin<Json>('GET', '/v1/keys');
    expect(JSON.stringify(listed.body)).not.toContain(made.body.key);
  });

  it('rejects bad bodies with 400 naming the field', async () => {
    const agent = client(srv.url, keys.agent);
    const bad = await agent<Json>('POST', '/v1/check', { phase: 'sideways', action: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_request');
    expect(bad.body.error.issues.map((i: Json) => i.path)).toContain('body.phase');
    const missing = await agent<Json>('POST', '/v1/check', { phase: 'input' });
    expect(missing.body.error.issues.map((i: Json) => i.path)).toContain('body.action');
    const nested = await agent<Json>('POST', '/v1/check', {
      phase: 'input',
      action: 'llm.chat',
      content: [{ text: 'hi', role: 'robot' }],
    });
    expect(nested.body.error.issues.map((i: Json) => i.path)).toContain('body.content');
    const notJson = await agent<Json>('POST', '/v1/check', '{"phase":');
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.message).toBe('body is not valid JSON');
    const huge = await agent<Json>('POST', '/v1/check', {
      phase: 'input',
      action: 'llm.chat',
      content: 'x'.repeat(1_100_000),
    });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('body_too_large');
    const query = await client(srv.url, keys.auditor)<Json>('GET', '/v1/audit/receipts?from=-3');
    expect(query.status).toBe(400);
    expect(query.body.error.issues[0].path).toBe('query.from');
  });

  it('serves an OpenAPI 3.1 document generated from the route schemas', async () => {
    const doc = await client(srv.url)<Json>('GET', '/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
    const check = doc.body.paths['/v1/check'].post;
    expect(check.requestBody.content['application/json'].schema.properties.phase.enum).toEqual([
      'input',
      'output',
      'action',
      'tool_result',
    ]);
    expect(
      check.responses['200'].content['application/json'].schema.properties.decision,
    ).toBeDefined();
    expect(doc.body.paths['/v1/approvals/{id}/approve'].post.parameters[0]).toMatchObject({
      name: 'id',
      in: 'path',
      required: true,
    });
    expect(doc.body.paths['/healthz'].get.security).toEqual([]);
    expect(Object.keys(doc.body.paths).length).toBeGreaterThanOrEqual(25);
  });

  it('versions policies: 422 with located issues, upload, list, roll back, all audited', async () => {
    const admin = client(srv.url, srv.adminKey);
    const agent = client(srv.url, keys.agent);
    const base = await admin<Json>('GET', '/v1/policies/current');
    expect(base.body).toMatchObject({ seq: 0, origin: 'base', name: 'default' });

    const invalid = await admin<Json>(
      'PUT',
      '/v1/policies',
      'name: x\nversion: "1"\nrules:\n  - id: r\n    effect: maybe\n',
      {
        'content-type': 'application/yaml',
      },
    );
    expect(invalid.status).toBe(422);
    expect(invalid.body.error.code).toBe('policy_invalid');
    const issue = invalid.body.error.issues[0];
    expect(issue).toMatchObject({ file: 'policy.yaml', line: 5 });
    expect(issue.column).toBeGreaterThan(0);

    const a = await admin<Json>('PUT', '/v1/policies', POLICY_A, {
      'content-type': 'application/yaml',
    });
    expect(a.status).toBe(201);
    expect(a.body.version).toMatchObject({
      seq: 1,
      name: 'team',
      version: '1',
      createdBy: 'admin',
    });
    expect(
      (await agent<Json>('POST', '/v1/check', { phase: 'action', action: 'file.delete' })).body
        .decision,
    ).toBe('allow');

    const b = await admin<Json>('PUT', '/v1/policies', { source: POLICY_B });
    expect(b.body.version.seq).toBe(2);
    const denied = await agent<Json>('POST', '/v1/check', {
      phase: 'action',
      action: 'file.delete',
    });
    expect(denied.body.decision).toBe('deny');
    expect(denied.body.policy.version).toBe('2');

    const back = await admin<Json>('POST', '/v1/policies/rollback', {});
    expect(back.status).toBe(201);
    expect(back.body.version).toMatchObject({ seq: 3, rollbackOf: 1, hash: a.body.version.hash });
    expect(
      (await agent<Json>('POST', '/v1/check', { phase: 'action', action: 'file.delete' })).body
        .decision,
    ).toBe('allow');
    // Forward again to the version with the delete rule, for the tests below it doesn't matter.
    const versions = await admin<Json>('GET', '/v1/policies/versions');
    expect(versions.body.versions.map((v: Json) => v.seq)).toEqual([3, 2, 1]);
    expect(versions.body.versions[0]).not.toHaveProperty('source');
    expect((await admin<Json>('GET', '/v1/policies/versions/2')).body.source).toBe(POLICY_B);
    expect((await admin<Json>('GET', '/v1/policies/versions/9')).status).toBe(404);

    const receipts = await admin<Json>('GET', '/v1/audit/receipts?from=0');
    const events = receipts.body.receipts
      .map((r: Json) => r.receipt)
      .filter((r: Json) => r.kind === 'policy')
      .map((r: Json) => [r.event, r.data.seq, r.actor]);
    expect(events).toEqual([
      ['policy.updated', 1, 'admin'],
      ['policy.updated', 2, 'admin'],
      ['policy.rolled_back', 3, 'admin'],
    ]);
  });

  it('needs a quorum of distinct approvers and never lets the requester approve', async () => {
    const agent = client(srv.url, keys.agent);
    const res = await agent<Json>('POST', '/v1/check', {
      phase: 'action',
      action: 'payment.send',
      params: { amount: 1200, to: 'acme' },
    });
    expect(res.body.decision).toBe('escalate');
    const id = res.body.approval.id;
    expect(res.body.approval).toMatchObject({ role: 'finance', count: 2 });

    const self = await client(srv.url, keys.selfFin)<Json>(
      'POST',
      `/v1/approvals/${id}/approve`,
      {},
    );
    expect(self.status).toBe(403);
    expect(self.body.error.code).toBe('forbidden_self_approval');
    const noRole = await client(srv.url, keys.approver)<Json>(
      'POST',
      `/v1/approvals/${id}/approve`,
      {},
    );
    expect(noRole.status).toBe(403);
    expect(noRole.body.error.code).toBe('not_eligible');

    const one = await client(srv.url, keys.fin1)<Json>('POST', `/v1/approvals/${id}/approve`, {});
    expect(one.body.state).toBe('pending');
    const twice = await client(srv.url, keys.fin1)<Json>('POST', `/v1/approvals/${id}/approve`, {});
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('already_voted');
    const pendingRetry = await agent<Json>('POST', '/v1/check', {
      phase: 'action',
      action: 'payment.send',
      params: { amount: 1200, to: 'acme' },
      approvalId: id,
    });
    expect(pendingRetry.body.decision).toBe('escalate');

    // Server-Sent Events: the current state now, the change when it comes, then the end.
    const events: Json[] = [];
    const stream = fetch(`${srv.url}/v1/approvals/${id}/events`, {
      headers: { authorization: `Bearer ${keys.agent}` },
    }).then(async (r) => {
      expect(r.headers.get('content-type')).toContain('text/event-stream');
      const text = await r.text();
      for (const block of text.split('\n\n')) {
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (data) events.push(JSON.parse(data));
      }
    });
    await new Promise((r) => setTimeout(r, 100));
    const two = await client(srv.url, keys.fin2)<Json>('POST', `/v1/approvals/${id}/approve`, {});
    expect(two.body).toMatchObject({ state: 'approved', cause: 'approved by erin, frank' });
    await stream;
    expect(events.map((e) => e.state)).toEqual(['pending', 'approved']);

    const list = await client(srv.url, keys.fin1)<Json>('GET', '/v1/approvals?state=approved');
    expect(list.body.approvals.map((a: Json) => a.id)).toContain(id);
  });

  it('returns denied and expired in-band, each with its cause', async () => {
    const agent = client(srv.url, keys.agent);
    const send = { phase: 'action', action: 'payment.send', params: { amount: 5, to: 'x' } };
    const first = await agent<Json>('POST', '/v1/check', send);
    const id = first.body.approval.id;
    const denied = await client(srv.url, keys.fin2)<Json>('POST', `/v1/approvals/${id}/deny`, {
      comment: 'unknown payee',
    });
    expect(denied.body.state).toBe('denied');
    const retry = await agent<Json>('POST', '/v1/check', { ...send, approvalId: id });
    expect(retry.body.decision).toBe('deny');
    expect(retry.body.approval.state).toBe('denied');
    expect(retry.body.reasons[0]).toContain('unknown payee');

    const quick = { phase: 'action', action: 'payment.quick', params: { amount: 1 } };
    const q = await agent<Json>('POST', '/v1/check', quick);
    const qid = q.body.approval.id;
    const waited = await agent<Json>('GET', `/v1/approvals/${qid}/wait?timeoutMs=5000`);
    expect(waited.body.state).toBe('expired');
    expect(waited.body.cause).toMatch(/^expired at /);
    const late = await agent<Json>('POST', '/v1/check', { ...quick, approvalId: qid });
    expect(late.body.decision).toBe('deny');
    expect(late.body.approval.state).toBe('expired');
    expect(late.body.reasons[0]).toMatch(/^expired/);
    // An agent sees only its own requests.
    const other = await client(srv.url, await srv.key('agent', { name: 'other-bot' }))(
      'GET',
      `/v1/approvals/${qid}`,
    );
    expect(other.status).toBe(404);
  });

  it('scans text, redacting on request', async () => {
    const agent = client(srv.url, keys.agent);
    const res = await agent<Json>('POST', '/v1/scan', { text: SECRET_TEXT, redact: true });
    expect(res.status).toBe(200);
    expect(res.body.findings.map((f: Json) => f.category)).toContain('pii');
    expect(res.body.redacted).not.toContain('jane.doe@example.com');
    expect(res.body.redacted).not.toContain('4111 1111 1111 1111');
    expect(JSON.stringify(res.body.findings)).not.toContain('jane.doe@example.com');
  });

  it('reports monitor state, readiness and Prometheus metrics', async () => {
    const auditor = client(srv.url, keys.auditor);
    const alerts = await auditor<Json>('GET', '/v1/monitor/alerts');
    expect(alerts.status).toBe(200);
    expect(alerts.body).toMatchObject({ active: [], recent: [] });
    const bot = await auditor<Json>('GET', '/v1/monitor/principals/bot');
    expect(bot.body.metrics.events).toBeGreaterThan(0);
    expect((await auditor<Json>('GET', '/v1/monitor/principals')).body.principals).toContain('bot');

    const ready = await client(srv.url)<Json>('GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(Object.keys(ready.body.checks).sort()).toEqual(['guard', 'policy', 'store']);
    expect((await client(srv.url)<Json>('GET', '/healthz')).body).toEqual({ status: 'ok' });

    const metrics = await client(srv.url)<string>('GET', '/metrics');
    expect(metrics.body).toMatch(/bulwark_decisions_total\{effect="allow"\} \d+/);
    expect(metrics.body).toMatch(/bulwark_decisions_total\{effect="escalate"\} \d+/);
    expect(metrics.body).toMatch(/bulwark_check_duration_seconds_bucket/);
    expect(metrics.body).toMatch(/bulwark_scan_findings_total\{category="pii"\} \d+/);
    expect(metrics.body).toMatch(/bulwark_approval_transitions_total\{state="approved"\} \d+/);
    expect(metrics.body).toMatch(/bulwark_approval_transitions_total\{state="expired"\} \d+/);
    expect(metrics.body).toMatch(/bulwark_audit_log_size \d+/);
  });

  it('logs one JSON line per request, without keys or content', () => {
    const all = logLines.join('');
    expect(all).toContain('"route":"/v1/check"');
    expect(all).not.toContain('bwk_');
    expect(all).not.toContain('jane.doe@example.com');
    expect(all).not.toContain('unknown payee');
    for (const line of logLines) expect(() => JSON.parse(line)).not.toThrow();
  });
});
