// cli-table3 ships no types for its internal helpers; table.ts replaces one of them (see there).
declare module 'cli-table3/src/utils.js' {
  const utils: {
    strlen(str: string): number;
    truncate(str: string, desiredLength: number, truncateChar?: string): string;
  };
  export default utils;
}
