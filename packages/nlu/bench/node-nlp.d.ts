// node-nlp ships no types; the bench only uses NlpManager, typed where it is imported.
declare module 'node-nlp';
