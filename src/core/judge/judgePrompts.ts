/**
 * The judge's prompts live in one JSON file (resources/judge-prompts.json ships with the extension;
 * a user may point at their own copy). Templates use `{{name}}` placeholders filled by `fillTemplate`.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { z } from 'zod';
import { expandHome } from '../video/expandHome';

const PromptPair = z.object({
  /** May be empty: then no system message is sent. */
  system: z.string(),
  user: z.string().min(1),
});

export const JudgePrompts = z.object({
  /** Free text: where the prompts come from, what the placeholders are. */
  about: z.string().optional(),
  version: z.literal(1),
  /** r_obs, once per step. Placeholders: {{caption}}, {{action}}, {{observation}}, {{interval}}. */
  observation: PromptPair,
  /** r_rea, step 1: a text-only model answers from the pairs. Placeholders: {{question}}, {{options}}, {{pairs}}. */
  reasoningAnswer: PromptPair,
  /** r_rea, step 2: the judge compares that answer with the truth. Placeholders: {{question}}, {{options}}, {{truth}}, {{answer}}. */
  reasoningJudge: PromptPair,
});
export type JudgePrompts = z.infer<typeof JudgePrompts>;

/** Where the shipped prompts sit under the extension's (or package's) root folder. */
export function defaultPromptsPath(extensionRoot: string): string {
  return path.join(extensionRoot, 'resources', 'judge-prompts.json');
}

/**
 * Reads and validates the prompts: `overridePath` when given (not blank; `~` expanded), else
 * `defaultPath`. Throws an Error naming the file and what is wrong with it (unreadable, not JSON,
 * or the zod issue with its key path).
 */
export async function loadPrompts(overridePath: string | undefined, defaultPath: string): Promise<{ prompts: JudgePrompts; path: string }> {
  const chosen = overridePath !== undefined && overridePath.trim() !== '' ? path.resolve(expandHome(overridePath.trim())) : defaultPath;
  let text: string;
  try {
    text = await fs.readFile(chosen, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'the file does not exist' : (error as Error).message;
    throw new Error(`Cannot read the judge prompts file ${chosen}: ${reason}.`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new Error(`The judge prompts file ${chosen} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  const parsed = JudgePrompts.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(top level)'}: ${issue.message}`);
    throw new Error(`The judge prompts file ${chosen} is not valid: ${issues.join('; ')}`, { cause: parsed.error });
  }
  return { prompts: parsed.data, path: chosen };
}

/**
 * Replaces each `{{name}}` (spaces inside the braces allowed) by `values[name]`. Placeholders with no
 * value are left as they are; values go in literally, in one pass, so a value holding `{{x}}` or `$&`
 * is not expanded again.
 */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (match, name: string) =>
    Object.prototype.hasOwnProperty.call(values, name) ? values[name] : match,
  );
}
