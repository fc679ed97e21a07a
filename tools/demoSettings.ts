/**
 * The user settings `npm run demo` starts code-server with (the e2e suite starts one the same way to check
 * that the demo lands in the Inspector).
 */
export const DEMO_SETTINGS = {
  // Files opened later from the explorer or Quick Open go straight to the Inspector; the file named in the
  // URL, which VS Code opens as text before extensions register, is reopened there at activation.
  'workbench.editorAssociations': { '*.jsonl': 'rewatchInspector.dataset' },
};
