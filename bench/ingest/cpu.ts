// CPU accounting for the ingest benchmarks (Linux): the node process and the PostgreSQL backends of one database.
import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU seconds used so far by the PostgreSQL backends serving database `name` (Linux /proc; the server is on this
 * machine). With the node process's own CPU this gives figures a loaded machine does not distort as it does wall time.
 */
export function serverCpuSeconds(name: string): number {
  let ticks = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.startsWith('postgres:') || !cmd.includes(` ${name} `)) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(f[11]) + Number(f[12]);
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return ticks / 100;
}

export function cpuOf(engine: 'pglite' | 'postgres', name: string): () => Record<string, number> {
  const node0 = process.cpuUsage();
  const server0 = engine === 'postgres' ? serverCpuSeconds(name) : 0;
  return (): Record<string, number> => {
    const n = process.cpuUsage(node0);
    const node = (n.user + n.system) / 1e6;
    // PGlite runs inside the node process, so its CPU is the node figure.
    return engine === 'postgres' ? { nodeCpuSeconds: node, serverCpuSeconds: serverCpuSeconds(name) - server0 } : { nodeCpuSeconds: node };
  };
}
