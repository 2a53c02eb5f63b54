// TypeScript 6 checks side-effect imports (noUncheckedSideEffectImports); Next 15's types declare CSS modules only,
// so the plain stylesheets the layouts import need a declaration of their own.
declare module '*.css';
