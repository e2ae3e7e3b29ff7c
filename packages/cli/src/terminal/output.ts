/**
 * Where the CLI writes. A progress line is redrawn in place on a terminal and printed only at milestones
 * (every 10%) in a log, so CI logs stay readable.
 */
export interface Output {
  line(text: string): void;
  heading(text: string): void;
  progress(text: string): void;
  endProgress(): void;
}

export function terminalOutput(stream: NodeJS.WriteStream = process.stdout): Output {
  let open = false;
  let lastMilestone = "";
  const close = () => {
    if (open) stream.write("\n");
    open = false;
  };
  return {
    line(text) {
      close();
      stream.write(`${text}\n`);
    },
    heading(text) {
      close();
      stream.write(`\n${text}\n`);
    },
    progress(text) {
      if (stream.isTTY) {
        stream.write(`\r${text}\x1b[K`);
        open = true;
        return;
      }
      const milestone = milestoneOf(text);
      if (milestone !== lastMilestone) stream.write(`${text}\n`);
      lastMilestone = milestone;
    },
    endProgress: close,
  };
}

/** The tenth of the job a progress line stands at, read from its `done/total`. */
function milestoneOf(text: string): string {
  const match = /(\d+)\/(\d+)/.exec(text);
  if (!match) return text;
  const done = Number(match[1]);
  const total = Number(match[2]);
  return total === 0 ? "done" : String(Math.floor((done / total) * 10));
}
