/** Where a command writes: stdout for results, stderr for progress and row problems. */
export interface Output {
  line(text: string): void;
  err(text: string): void;
}

export const processOutput: Output = {
  line: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};
