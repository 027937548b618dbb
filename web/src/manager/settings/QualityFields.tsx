/** The quality policy's fields: consensus method, adaptive overlap, review threshold, live gold, reliability. */
import type { Project } from '../../api/types.js';
import { managerSettingsStrings } from '../../strings/managerSettings.js';

const S = managerSettingsStrings.quality;

type Quality = NonNullable<Project['quality']>;

/** A number input for a share shown in percent. */
function Percent({ id, label, value, onChange }: { id: string; label: string; value: number; onChange: (v: number) => void }) {
  return (
    <>
      <label htmlFor={id}>{label} (%)</label>
      <input
        id={id}
        type="number"
        min="0"
        max="100"
        step="0.1"
        value={Math.round(value * 1000) / 10}
        onChange={(e) => onChange(Number(e.target.value) / 100)}
      />
    </>
  );
}

function Whole({
  id,
  label,
  value,
  min,
  max,
  onChange,
}: {
  id: string;
  label: string;
  value: number;
  min: number;
  max: number;
  onChange: (v: number) => void;
}) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input id={id} type="number" min={min} max={max} step="1" value={value} onChange={(e) => onChange(Number(e.target.value))} />
    </>
  );
}

function Toggle({ id, label, on, onChange }: { id: string; label: string; on: boolean; onChange: (on: boolean) => void }) {
  return (
    <>
      <span className="label" />
      <label className="inline-check" htmlFor={id}>
        <input id={id} type="checkbox" checked={on} onChange={(e) => onChange(e.target.checked)} /> {label}
      </label>
    </>
  );
}

export function QualityFields({ q, onChange }: { q: Quality; onChange: (q: Quality) => void }) {
  const set = (patch: Partial<Quality>) => onChange({ ...q, ...patch });
  const adaptive = q.adaptiveOverlap;
  const suspension = q.goldSuspension;
  return (
    <div className="form-grid">
      <label htmlFor="qs-method">{S.method}</label>
      <select
        id="qs-method"
        value={q.consensusMethod}
        onChange={(e) => set({ consensusMethod: e.target.value as Quality['consensusMethod'] })}
      >
        {Object.entries(managerSettingsStrings.methods).map(([k, name]) => (
          <option key={k} value={k}>
            {name}
          </option>
        ))}
      </select>
      <Toggle
        id="qs-adaptive"
        label={S.adaptive}
        on={Boolean(adaptive)}
        onChange={(on) => set({ adaptiveOverlap: on ? { targetConfidence: 0.95, minJudgments: 2, maxJudgments: 5 } : undefined })}
      />
      {adaptive && (
        <>
          <Percent
            id="qs-target"
            label={S.target}
            value={adaptive.targetConfidence}
            onChange={(v) => set({ adaptiveOverlap: { ...adaptive, targetConfidence: v } })}
          />
          <Whole
            id="qs-min"
            label={S.atLeast}
            value={adaptive.minJudgments}
            min={1}
            max={50}
            onChange={(v) => set({ adaptiveOverlap: { ...adaptive, minJudgments: v } })}
          />
          <Whole
            id="qs-max"
            label={S.atMost}
            value={adaptive.maxJudgments}
            min={1}
            max={50}
            onChange={(v) => set({ adaptiveOverlap: { ...adaptive, maxJudgments: v } })}
          />
        </>
      )}
      <Toggle
        id="qs-review"
        label={S.review}
        on={q.reviewBelowConfidence !== undefined}
        onChange={(on) => set({ reviewBelowConfidence: on ? 0.7 : undefined })}
      />
      {q.reviewBelowConfidence !== undefined && (
        <Percent
          id="qs-review-below"
          label={S.reviewBelow}
          value={q.reviewBelowConfidence}
          onChange={(v) => set({ reviewBelowConfidence: v })}
        />
      )}
      <Toggle
        id="qs-suspension"
        label={S.suspension}
        on={Boolean(suspension)}
        onChange={(on) => set({ goldSuspension: on ? { threshold: 0.6, minGold: 10, window: 50 } : undefined })}
      />
      {suspension && (
        <>
          <Percent
            id="qs-susp-threshold"
            label={S.suspendBelow}
            value={suspension.threshold}
            onChange={(v) => set({ goldSuspension: { ...suspension, threshold: v } })}
          />
          <Whole
            id="qs-susp-min"
            label={S.minGold}
            value={suspension.minGold}
            min={1}
            max={1000}
            onChange={(v) => set({ goldSuspension: { ...suspension, minGold: v } })}
          />
          <Whole
            id="qs-susp-window"
            label={S.window}
            value={suspension.window}
            min={1}
            max={10000}
            onChange={(v) => set({ goldSuspension: { ...suspension, window: v } })}
          />
        </>
      )}
      <Toggle
        id="qs-floor"
        label={S.floor}
        on={q.reliabilityFloor !== undefined}
        onChange={(on) => set({ reliabilityFloor: on ? 0.5 : undefined })}
      />
      {q.reliabilityFloor !== undefined && (
        <Percent id="qs-floor-value" label={S.floorValue} value={q.reliabilityFloor} onChange={(v) => set({ reliabilityFloor: v })} />
      )}
      <Percent id="qs-trusted" label={S.trusted} value={q.trustedReliability} onChange={(v) => set({ trustedReliability: v })} />
      <Toggle id="qs-live" label={S.live} on={q.liveConsensus} onChange={(on) => set({ liveConsensus: on })} />
    </div>
  );
}
