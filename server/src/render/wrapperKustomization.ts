// The temporary kustomization that builds the user's folder with origin annotations. kustomize
// reads some fields from the top-level kustomization only (api/krusty/kustomizer.go: sortOptions,
// buildMetadata, openapi; kubectl.docs.kubernetes.io/references/kustomize/kustomization/sortoptions/),
// and the wrapper is now the top: it carries the user's values of those fields, so the build
// stays the one `kubectl apply -k <folder>` makes.
import { join, relative, sep } from 'node:path';
import { isPlainObject } from '../engine/values';
import { fastDecodeDocuments } from '../engine/yaml11';

const OUR_BUILD_METADATA = ['originAnnotations', 'transformerAnnotations'];

/**
 * The wrapper's kustomization.yaml, in `wrapper`, for the user's `folder` whose kustomization
 * file reads `userText` (undefined when there is none or it cannot be read: kustomize will say so).
 */
export function wrapperKustomization(wrapper: string, folder: string, userText: string | undefined): string {
  const user = topLevelFields(userText);
  const slashed = (path: string) => path.split(sep).join('/');
  const buildMetadata = [...new Set([...OUR_BUILD_METADATA, ...stringsOf(user?.buildMetadata)])];
  const lines = [
    'apiVersion: kustomize.config.k8s.io/v1beta1',
    'kind: Kustomization',
    'resources:',
    // kustomize refuses absolute resource paths ("new root ... cannot be absolute").
    `- ${JSON.stringify(slashed(relative(wrapper, folder)))}`,
    `buildMetadata: ${JSON.stringify(buildMetadata)}`,
  ];
  if (user?.sortOptions !== undefined) lines.push(`sortOptions: ${JSON.stringify(user.sortOptions)}`);
  if (isPlainObject(user?.openapi)) {
    const openapi = { ...user.openapi };
    // The schema file is named relative to the user's kustomization; the wrapper's folder is elsewhere.
    if (typeof openapi.path === 'string') openapi.path = slashed(relative(wrapper, join(folder, openapi.path)));
    lines.push(`openapi: ${JSON.stringify(openapi)}`);
  }
  return lines.join('\n') + '\n';
}

function topLevelFields(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  const first = fastDecodeDocuments(text)?.[0];
  return isPlainObject(first) ? first : undefined;
}

function stringsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
