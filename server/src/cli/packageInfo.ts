// Facts about the tool itself, read from package.json at build time (esbuild inlines them).
import { repository, version } from '../../../package.json';

export const TOOL_NAME = 'netpol';
export const TOOL_VERSION: string = version;
/** Where people learn about the tool: the repository's web address. */
export const TOOL_INFORMATION_URI: string = repository.url.replace(/\.git$/, '');
