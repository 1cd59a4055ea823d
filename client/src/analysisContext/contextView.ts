// What the status bar item and the picker of analysis contexts show: plain functions of
// the server's `netpol/contexts` answer and its last `netpol/renderStatus`.
import { PLAIN_CONTEXT_ID, type ContextsRequest, type RenderStatusNotification } from '../../../server/src/protocol';

export interface StatusBarView {
  /** False while the workspace has nothing to render: no root kustomization or chart, no netpol.contexts. */
  visible: boolean;
  text: string;
  tooltip: string;
}

/** Codicons of the item, by render state. */
export const STATE_ICONS: Readonly<Record<RenderStatusNotification.State, string>> = {
  idle: '$(layers)',
  building: '$(sync~spin)',
  failed: '$(warning)',
  off: '$(circle-slash)',
};

const PICK_LINE = 'Click to pick another analysis context.';

export function statusBarView(
  contexts: ContextsRequest.Result | undefined,
  status: RenderStatusNotification.Params | undefined,
): StatusBarView {
  if (!contexts || contexts.contexts.every((context) => context.id === PLAIN_CONTEXT_ID))
    return { visible: false, text: '', tooltip: '' };
  // The status may be newer than the list (it names the active context too).
  const activeId = status?.active ?? contexts.active ?? contexts.defaultId;
  const active = contexts.contexts.find((context) => context.id === activeId);
  const label = active?.label ?? activeId;
  const state = status?.state ?? 'idle';
  const lines = [
    `Analysis context: ${label}${active && active.description !== label ? ` (${active.description})` : ''}`,
    ...(state === 'building' ? ['Rendering…'] : []),
    ...(state === 'failed' ? [`Rendering failed: ${status?.detail ?? 'see the output channel'}`] : []),
    ...(state === 'off' ? [`Rendering is off: ${status?.detail ?? 'every file is read as it is'}`] : []),
    ...(contexts.notice ? [contexts.notice] : []),
    PICK_LINE,
  ];
  return { visible: true, text: `${STATE_ICONS[state]} ${label}`, tooltip: lines.join('\n') };
}

export interface ContextPickItem {
  label: string;
  description: string;
  detail?: string;
  /** Sent with `netpol/setContext`; undefined for the default, so that the choice follows it as the workspace changes. */
  id: string | undefined;
  /** The context in effect. */
  picked: boolean;
}

/** One item per context, in the server's order; the one in effect is checked, the default says so. */
export function contextPickItems(contexts: ContextsRequest.Result): ContextPickItem[] {
  return contexts.contexts.map((context) => {
    const isDefault = context.id === contexts.defaultId;
    const active = context.id === (contexts.active ?? contexts.defaultId);
    const folders = context.folders.length > 0 ? ` · as it is: ${context.folders.join(', ')}` : '';
    return {
      label: `${active ? '$(check)' : '$(blank)'} ${context.label}`,
      description: isDefault ? `default · ${context.description}` : context.description,
      ...(context.builds.length > 0 ? { detail: `renders ${context.builds.join(', ')}${folders}` } : {}),
      id: isDefault ? undefined : context.id,
      picked: active,
    };
  });
}
