/** The MCP gateway: checked tool calls, checked results, hidden tools, pinned definitions. */
export {
  createGateway,
  type GatewayOptions,
  MCP_POLICY_ERROR,
  type McpGateway,
  type UpstreamServer,
} from './gateway.js';
export { type PinStatus, pinOf, type ToolDefinition, type ToolPin, ToolPins } from './pins.js';
export { policyProbe } from './probe.js';
