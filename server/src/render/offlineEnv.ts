// The environment a renderer runs in when the network is not allowed. Go's HTTP client and git
// both honour the proxy variables, so remote resources meet a closed port on the loopback
// (port 9, "discard", nothing listens there) instead of the internet; git is further held to
// local repositories (GIT_ALLOW_PROTOCOL, git-config(1) "protocol.allow") and never prompts.
// kustomize then fails with its own message, which names the remote resource.
const CLOSED_PROXY = 'http://127.0.0.1:9';

export function rendererEnv(base: NodeJS.ProcessEnv, allowNetwork: boolean): NodeJS.ProcessEnv {
  if (allowNetwork) return { ...base };
  const env: NodeJS.ProcessEnv = { ...base };
  // Names are case-insensitive on Windows: drop every spelling before setting ours.
  for (const name of Object.keys(env)) {
    if (/^(https?_proxy|all_proxy|no_proxy)$/i.test(name)) delete env[name];
  }
  return {
    ...env,
    HTTP_PROXY: CLOSED_PROXY,
    HTTPS_PROXY: CLOSED_PROXY,
    http_proxy: CLOSED_PROXY,
    https_proxy: CLOSED_PROXY,
    NO_PROXY: '',
    no_proxy: '',
    GIT_ALLOW_PROTOCOL: 'file',
    GIT_TERMINAL_PROMPT: '0',
  };
}
