/** The Inspector custom editor's view type (package.json `customEditors`). */
export const VIEW_TYPE = 'rewatchInspector.dataset';
