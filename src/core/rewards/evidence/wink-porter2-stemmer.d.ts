// The package ships no types: it exports one function, the Porter2 stem of a lower-case English word.
declare module 'wink-porter2-stemmer' {
  function stem(word: string): string;
  export = stem;
}
