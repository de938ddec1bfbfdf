import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'

export type Metrics = ReturnType<typeof createMetrics>

/** Prometheus metrics; one registry per app so tests do not share counters. */
export function createMetrics(groupCommit: () => { commits: number; transactions: number } | undefined) {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  const httpDuration = new Histogram({
    name: 'parloir_http_request_duration_seconds', help: 'HTTP requests by route and status',
    labelNames: ['method', 'route', 'status'], buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5], registers: [registry],
  })
  const messagesSent = new Counter({ name: 'parloir_messages_sent_total', help: 'Messages committed', registers: [registry] })
  const streams = new Gauge({ name: 'parloir_streams_open', help: 'Open WebSocket streams', registers: [registry] })
  const eventsDelivered = new Counter({ name: 'parloir_stream_events_sent_total', help: 'Events written to streams', registers: [registry] })
  const streamsClosedSlow = new Counter({ name: 'parloir_streams_closed_slow_total', help: 'Streams closed for a full send buffer', registers: [registry] })
  new Gauge({
    name: 'parloir_commits_total', help: 'Database commits (each makes a batch of transactions durable)', registers: [registry],
    collect() { const s = groupCommit(); if (s) this.set(s.commits) },
  })
  new Gauge({
    name: 'parloir_committed_transactions_total', help: 'Write transactions committed', registers: [registry],
    collect() { const s = groupCommit(); if (s) this.set(s.transactions) },
  })
  return { registry, httpDuration, messagesSent, streams, eventsDelivered, streamsClosedSlow }
}
