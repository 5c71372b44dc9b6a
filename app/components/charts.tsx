// Server-rendered SVG bar charts, no chart library: horizontal bars with their labels and values,
// each chart an image with a text alternative (role="img", <title>, <desc>) followed by a table
// of the same numbers, so screen-reader users and readers without CSS get the data itself.
import { useId, type ReactNode } from "react";

export interface BarDatum {
  /** Stable identifier of the row (a status, a commune code): tests and exports key on it. */
  key: string;
  label: string;
  value: number;
}

const ROW = 44;
const LABEL_BASELINE = 15;
const BAR_TOP = 21;
const BAR_HEIGHT = 16;
/** Bars use at most this share of the width: the rest holds the value beside the longest bar. */
const BAR_SPAN = 78;
const INK = "#1d2420";
const BAR = "#1f6f43";
const TRACK = "#e6ebe7";

export interface BarChartProps {
  title: string;
  data: readonly BarDatum[];
  /** Header of the table's label column ("Xã/phường") and value column ("Số chủ thể"). */
  labelHeader: string;
  valueHeader: string;
  format?: (value: number) => string;
  /** Beyond this many bars the rest are drawn as one (the table still lists every row). */
  maxBars?: number;
  otherLabel?: string;
  /** Shown instead of the chart when every value is zero. */
  emptyText: string;
}

export function BarChart({
  title,
  data,
  labelHeader,
  valueHeader,
  format = String,
  maxBars,
  otherLabel = "…",
  emptyText,
}: BarChartProps) {
  const id = useId();
  const captionId = `${id}-caption`;
  const bars = maxBars && data.length > maxBars ? foldTail(data, maxBars, otherLabel) : data;
  const max = Math.max(0, ...bars.map((d) => d.value));
  const summary = bars.map((d) => `${d.label}: ${format(d.value)}`).join("; ");
  return (
    <figure className="chart">
      <figcaption id={captionId} className="chart-title">
        {title}
      </figcaption>
      {max === 0 ? (
        <p className="chart-empty">{emptyText}</p>
      ) : (
        <svg
          className="chart-svg"
          role="img"
          aria-labelledby={`${id}-t ${id}-d`}
          width="100%"
          height={bars.length * ROW + 4}
          fontFamily="system-ui, sans-serif"
          fontSize="14"
        >
          <title id={`${id}-t`}>{title}</title>
          <desc id={`${id}-d`}>{summary}</desc>
          {bars.map((d, i) => {
            const top = i * ROW;
            const span = (d.value / max) * BAR_SPAN;
            // A non-zero value always shows a sliver of bar.
            const width = d.value > 0 ? Math.max(span, 0.6) : 0;
            return (
              <g key={d.key} className="chart-row">
                <text x="0" y={top + LABEL_BASELINE} fill={INK}>
                  {d.label}
                </text>
                {width > 0 ? (
                  <rect
                    x="0"
                    y={top + BAR_TOP}
                    width={`${width.toFixed(2)}%`}
                    height={BAR_HEIGHT}
                    rx="3"
                    fill={BAR}
                    className="chart-bar"
                  />
                ) : null}
                <text
                  x={`${Math.max(width, 0).toFixed(2)}%`}
                  dx={width > 0 ? 6 : 0}
                  y={top + BAR_TOP + BAR_HEIGHT - 3}
                  fill={INK}
                  fontWeight="600"
                >
                  {format(d.value)}
                </text>
              </g>
            );
          })}
        </svg>
      )}
      <DataTable labelledBy={captionId} labelHeader={labelHeader} valueHeader={valueHeader}>
        {data.map((d) => (
          <tr key={d.key} data-key={d.key}>
            <th scope="row">{d.label}</th>
            <td className="num">{format(d.value)}</td>
          </tr>
        ))}
      </DataTable>
    </figure>
  );
}

function DataTable({
  labelledBy,
  labelHeader,
  valueHeader,
  children,
}: {
  labelledBy: string;
  labelHeader: string;
  valueHeader: string;
  children: ReactNode;
}) {
  return (
    <table className="table chart-table" aria-labelledby={labelledBy}>
      <thead>
        <tr>
          <th scope="col">{labelHeader}</th>
          <th scope="col" className="num">
            {valueHeader}
          </th>
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

/** The first `keep - 1` rows by value, then one row adding up the rest. */
function foldTail(data: readonly BarDatum[], keep: number, otherLabel: string): BarDatum[] {
  const sorted = [...data].sort((a, b) => b.value - a.value);
  const head = sorted.slice(0, keep - 1);
  const rest = sorted.slice(keep - 1).reduce((sum, d) => sum + d.value, 0);
  return [...head, { key: "_other", label: otherLabel, value: rest }];
}

/** A single share as a bar (e.g. products with complete trace data), with the fraction in words. */
export function ShareBar({ share, label }: { share: number; label: string }) {
  const id = useId();
  const pct = Math.min(1, Math.max(0, share)) * 100;
  return (
    <svg className="chart-share" role="img" aria-labelledby={`${id}-t`} width="100%" height="20">
      <title id={`${id}-t`}>{label}</title>
      <rect x="0" y="2" width="100%" height="16" rx="4" fill={TRACK} className="chart-track" />
      {pct > 0 ? (
        <rect
          x="0"
          y="2"
          width={`${Math.max(pct, 0.6).toFixed(2)}%`}
          height="16"
          rx="4"
          fill={BAR}
          className="chart-bar"
        />
      ) : null}
    </svg>
  );
}
