// The form of one monitor (new or existing): name, the type's target, rule settings, conditions
// with a help box of the fields they can use, certificate notice days (http and tls), and the
// components it drives grouped by page.
import { CONDITION_FIELDS } from '../../../domain/conditions/index.js';
import { MONITOR_LIMITS, seesCertificates } from '../../../domain/monitoring/index.js';
import { CERTIFICATE_THRESHOLD_LIMITS } from '../../../domain/notifications/index.js';
import type { MonitorKind } from '../../../domain/monitoring/monitor-spec.js';
import type { MonitorRow } from '../../../store/schema.js';
import type { ComponentChoices } from '../monitor-pages.js';
import { adminPaths } from '../paths.js';
import { DangerZone } from './deletion.js';
import {
  Checkbox,
  TextArea,
  TextField,
  blankForm,
  fieldId,
  type FormState,
} from './form-controls.js';
import { FormPage } from './form-page.js';
import type { AdminView } from './layout.js';
import { MONITOR_TYPE_LABELS, formatDuration } from './monitor-common.js';
import { TargetFields } from './monitor-target-fields.js';

function ConditionHelp() {
  return (
    <details class="help-box">
      <summary>What conditions can say</summary>
      <p>
        One condition per line; every one must hold for a check to pass. Combine with{' '}
        <code>and</code>, <code>or</code>, <code>not</code> and parentheses. Examples:{' '}
        <code>status == 200</code>, <code>latency &lt; 500ms</code>, <code>body contains "ok"</code>
        , <code>json(body).status == "UP"</code>, <code>cert.expires_in &gt; 14d</code>.
      </p>
      <table>
        <caption class="visually-hidden">Fields conditions can use</caption>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Kind</th>
            <th scope="col">Meaning</th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(CONDITION_FIELDS).map(([name, { type, description }]) => (
            <tr>
              <th scope="row">
                <code safe>{name}</code>
              </th>
              <td safe>{type.replace('_', ' ')}</td>
              <td safe>{description}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

function ComponentBoxes({ form, pages }: { form: FormState; pages: ComponentChoices[] }) {
  const chosen = new Set(
    ([] as string[]).concat(form.values.components ?? []).filter((id) => id !== ''),
  );
  const error = form.errors.components;
  const withComponents = pages.filter((page) => page.components.length > 0);
  // The boxes share one error, shown once above them rather than beside every box.
  const quiet = blankForm(form.values);
  return (
    <div id={fieldId('components')} tabindex="-1" class={error ? 'has-error' : undefined}>
      <h2 class="form-section">Components it drives</h2>
      <p class="hint">
        Their status follows this monitor's (the worst of their monitors), unless an incident or
        maintenance sets it.
      </p>
      {error ? (
        <p class="field-error" safe>
          {error}
        </p>
      ) : (
        ''
      )}
      {withComponents.length === 0 ? <p class="muted">No status page has components yet.</p> : ''}
      {withComponents.map(({ page, components }) => (
        <fieldset>
          <legend safe>{page.name}</legend>
          {components.map((component) => (
            <Checkbox
              form={quiet}
              name="components"
              value={component.id}
              id={fieldId(`components-${component.id}`)}
              label={component.name}
              checked={chosen.has(component.id)}
            />
          ))}
        </fieldset>
      ))}
    </div>
  );
}

function Settings({ form, type }: { form: FormState; type: MonitorKind }) {
  const heartbeat = type === 'heartbeat';
  return (
    <>
      <h2 class="form-section">Schedule and regions</h2>
      <div class="field-row">
        <TextField
          form={form}
          name="interval"
          label={heartbeat ? 'Expected every' : 'Check every'}
          hint={`e.g. 30s, 1m, 1h; from ${formatDuration(MONITOR_LIMITS.minIntervalMs)} to 7d. Empty: 1m`}
        />
        {heartbeat ? (
          ''
        ) : (
          <TextField
            form={form}
            name="timeout"
            label="Timeout"
            hint="Shorter than the interval. Empty: 10s, or half the interval"
          />
        )}
      </div>
      <TextField
        form={form}
        name="regions"
        label="Regions"
        hint="Comma separated, e.g. eu-west, us-east; each region needs a probe agent with its token"
        required
      />
      <h2 class="form-section">Rules</h2>
      <div class="field-row">
        <TextField
          form={form}
          name="failure_threshold"
          label="Failing after"
          type="number"
          inputmode="numeric"
          hint="Consecutive failed checks before a region counts as failing"
        />
        <TextField
          form={form}
          name="success_threshold"
          label="Recovered after"
          type="number"
          inputmode="numeric"
          hint="Consecutive passed checks before a failing region recovers"
        />
      </div>
      <div class="field-row">
        <TextField
          form={form}
          name="quorum"
          label="Down when failing in"
          type="number"
          inputmode="numeric"
          hint="How many regions must fail for the monitor to be down. Empty: a majority"
        />
        {heartbeat ? (
          ''
        ) : (
          <TextField
            form={form}
            name="degraded_latency"
            label="Degraded above"
            hint="Optional latency, e.g. 800ms: slower passed checks make it degraded"
          />
        )}
      </div>
      {seesCertificates(type) ? <CertificateDays form={form} type={type} /> : ''}
      {heartbeat ? (
        ''
      ) : (
        <>
          <TextArea
            form={form}
            name="conditions"
            label="Conditions"
            hint="One per line, e.g. status == 200"
            rows={4}
          />
          <ConditionHelp />
        </>
      )}
    </>
  );
}

function CertificateDays({ form, type }: { form: FormState; type: MonitorKind }) {
  const { minDays, maxDays, maxCount } = CERTIFICATE_THRESHOLD_LIMITS;
  return (
    <TextField
      form={form}
      name="certificate_expiry_days"
      label="Certificate notices, days before expiry"
      hint={`Comma separated, e.g. 30, 14, 7, 1: whole days from ${minDays} to ${maxDays}, at most ${maxCount}.${type === 'http' ? ' Only https URLs have a certificate.' : ''} Empty: no certificate notices`}
    />
  );
}

export function MonitorFormPage(props: {
  view: AdminView;
  form: FormState;
  type: MonitorKind;
  pages: ComponentChoices[];
  monitor?: MonitorRow;
}) {
  const { form, type, monitor } = props;
  const typeLabel = MONITOR_TYPE_LABELS[type];
  return (
    <FormPage
      view={props.view}
      section="monitors"
      title={monitor ? `Edit ${monitor.name}` : `New ${typeLabel} monitor`}
      crumbs={
        monitor
          ? [
              ['Monitors', adminPaths.monitors],
              [monitor.name, adminPaths.monitor(monitor.id)],
            ]
          : [
              ['Monitors', adminPaths.monitors],
              ['New monitor', adminPaths.newMonitor],
            ]
      }
      lead={monitor ? `A ${typeLabel} monitor; its type cannot change.` : undefined}
      form={form}
      action={monitor ? adminPaths.editMonitor(monitor.id) : adminPaths.monitors}
      submit={monitor ? 'Save monitor' : 'Create monitor'}
      cancel={monitor ? adminPaths.monitor(monitor.id) : adminPaths.monitors}
      after={
        monitor ? <DangerZone what="monitor" href={adminPaths.deleteMonitor(monitor.id)} /> : ''
      }
    >
      {monitor ? '' : <input type="hidden" name="type" value={type} />}
      <TextField
        form={form}
        name="name"
        label="Name"
        hint="Unique, e.g. “website” or “api-eu”"
        required
        maxlength={200}
      />
      <h2 class="form-section">Target</h2>
      <TargetFields type={type} form={form} />
      <Settings form={form} type={type} />
      <ComponentBoxes form={form} pages={props.pages} />
      <Checkbox
        form={form}
        name="paused"
        label="Paused: no checks run and it sets no component status"
      />
    </FormPage>
  );
}
