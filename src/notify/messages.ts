/**
 * Slack-compatible webhook messages for approvals and monitor alerts. They name the action,
 * principals and outcome, never the params or content (those may be sensitive).
 */
import type { ApprovalNotice } from '../approvals/service.js';
import type { AlertEvent } from '../monitor/alert.js';
import type { WebhookMessage, WebhookSender } from './webhook.js';

/** Escapes Slack mrkdwn control characters (`&`, `<`, `>`) in untrusted text. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const code = (s: string) => `\`${escapeMrkdwn(s).replace(/`/g, "'")}\``;

const TITLES: Readonly<Record<string, string>> = {
  'approval.requested': 'Approval needed',
  'approval.vote': 'Approval vote recorded',
  'approval.approved': 'Approved',
  'approval.denied': 'Denied',
  'approval.expired': 'Approval expired',
  'approval.cancelled': 'Approval cancelled',
  'approval.redeemed': 'Approved action used',
};

/** Options of message builders. */
export interface MessageOptions {
  /** Public base URL of the Bulwark server, for links (e.g. `https://bulwark.example.com`). */
  readonly baseUrl?: string;
}

/** The message for an approval transition. */
export function approvalMessage(
  notice: ApprovalNotice,
  options: MessageOptions = {},
): WebhookMessage {
  const r = notice.request;
  const title = TITLES[notice.event] ?? notice.event;
  const approvals = r.votes.filter((v) => v.verdict === 'approve').length;
  const text = `${title}: ${r.action} requested by ${r.requester} (${approvals}/${r.quorum} approvals)`;
  const lines = [
    `*${escapeMrkdwn(title)}*: ${code(r.action)}${r.resource !== undefined ? ` on ${code(r.resource)}` : ''}`,
    `Requested by ${code(r.requester)}; needs ${r.quorum} approver(s) with role ${code(r.role)}; ${approvals} so far.`,
  ];
  if (r.reasons.length > 0) lines.push(`Why: ${escapeMrkdwn(r.reasons.join('; '))}`);
  if (r.cause !== undefined) lines.push(`Outcome: ${escapeMrkdwn(r.cause)}`);
  const context = [
    `id ${code(r.id)}`,
    `tenant ${code(r.tenant)}`,
    `expires ${new Date(r.expiresAt).toISOString()}`,
    `binding ${code(r.bindingHash.slice(0, 16))}`,
  ];
  if (options.baseUrl)
    context.push(
      `<${options.baseUrl.replace(/\/$/, '')}/v1/approvals/${encodeURIComponent(r.id)}|open>`,
    );
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: context.join(' · ') }] },
    ],
    bulwark: {
      event: notice.event,
      id: r.id,
      tenant: r.tenant,
      state: r.state,
      action: r.action,
      requester: r.requester,
      approvals,
      quorum: r.quorum,
      expiresAt: r.expiresAt,
      bindingHash: r.bindingHash,
      ...(r.cause !== undefined ? { cause: r.cause } : {}),
    },
  };
}

const fmt = (n: number) => (Math.abs(n) >= 100 ? n.toFixed(0) : n.toPrecision(3));

/** The message for a raised or cleared monitor alert. */
export function alertMessage(event: AlertEvent): WebhookMessage {
  const a = event.alert;
  const verb = event.type === 'raised' ? 'Behaviour alert' : 'Alert cleared';
  const who = `${a.principal}${a.session !== undefined ? ` (session ${a.session})` : ''}`;
  const text = `${verb} [${a.severity}]: ${a.metric} for ${who}`;
  return {
    text,
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `*${verb}* [${a.severity}]: ${code(a.metric)} for ${code(who)}\nvalue ${fmt(a.value)} vs baseline ${fmt(a.baseline)} (${a.detector} ${fmt(a.statistic)} ≥ ${fmt(a.threshold)})`,
        },
      },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: `id ${code(a.id)} · tenant ${code(a.tenant)} · ${new Date(event.at).toISOString()}`,
          },
        ],
      },
    ],
    bulwark: { event: `monitor.alert.${event.type}`, ...a },
  };
}

/** An approval-service notifier that posts every transition through a webhook sender. */
export function approvalNotifier(
  sender: WebhookSender,
  options: MessageOptions & { readonly events?: readonly string[] } = {},
): (notice: ApprovalNotice) => void {
  const only = options.events ? new Set(options.events) : undefined;
  return (notice) => {
    if (!only || only.has(notice.event)) sender.send(approvalMessage(notice, options));
  };
}

/** A monitor alert listener that posts alerts through a webhook sender (raised only, unless `cleared`). */
export function alertNotifier(
  sender: WebhookSender,
  options: { readonly cleared?: boolean } = {},
): (event: AlertEvent) => void {
  return (event) => {
    if (event.type === 'raised' || options.cleared) sender.send(alertMessage(event));
  };
}
