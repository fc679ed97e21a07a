/** The chain-grammar example of docs/rewatch-format.md: two action/observation steps and a lettered answer. */
export const CHAIN = [
  "I need the moment the van passes. I'll <action>retrieve segments where the red van passes the cyclist</action>",
  '<observation>It passes between 00:07 and 00:15.</observation> Now I check what he drinks.',
  '<action>query the segment from 00:15 to 00:22, focusing on what the cyclist holds</action>',
  '<observation>He stops and drinks from a green bottle.</observation> That matches B.',
  '<answer>B: A green bottle</answer>',
].join('\n');
