// The target fields of each monitor type: only the chosen type's are on the form.
import {
  SPEC_DNS_RECORD_TYPES,
  SPEC_HTTP_METHODS,
  type MonitorKind,
} from '../../../domain/monitoring/monitor-spec.js';
import { Checkbox, Select, TextArea, TextField, type FormState } from './form-controls.js';

const choices = (values: readonly string[]) => values.map((value) => [value, value] as const);

function HttpFields({ form }: { form: FormState }) {
  return (
    <>
      <TextField
        form={form}
        name="target.url"
        label="URL"
        type="url"
        hint="Absolute http:// or https:// address"
        required
        maxlength={2000}
      />
      <Select
        form={form}
        name="target.method"
        label="Method"
        choices={choices(SPEC_HTTP_METHODS)}
      />
      <TextArea
        form={form}
        name="target.headers"
        label="Request headers"
        hint="Optional; one per line, as Name: value"
        rows={3}
      />
      <TextArea form={form} name="target.body" label="Request body" hint="Optional" rows={3} />
      <Checkbox form={form} name="target.follow_redirects" label="Follow redirects" />
      <Checkbox
        form={form}
        name="target.verify_tls"
        label="Verify the TLS certificate (untick only for self-signed test targets)"
      />
    </>
  );
}

function HostAndPort({ form, portHint }: { form: FormState; portHint: string }) {
  return (
    <div class="field-row">
      <TextField
        form={form}
        name="target.host"
        label="Host"
        hint="Host name or IP address"
        required
        maxlength={253}
      />
      <TextField
        form={form}
        name="target.port"
        label="Port"
        type="number"
        inputmode="numeric"
        hint={portHint}
      />
    </div>
  );
}

function DnsFields({ form }: { form: FormState }) {
  return (
    <>
      <TextField
        form={form}
        name="target.name"
        label="Name to resolve"
        hint="e.g. example.com"
        required
        maxlength={253}
      />
      <Select
        form={form}
        name="target.record_type"
        label="Record type"
        choices={choices(SPEC_DNS_RECORD_TYPES)}
      />
      <TextField
        form={form}
        name="target.resolver"
        label="Resolver"
        hint="Optional; an IP address with an optional port, e.g. 10.0.0.53 or [::1]:53. Empty: the probe's system resolver"
      />
    </>
  );
}

export function TargetFields({ type, form }: { type: MonitorKind; form: FormState }) {
  switch (type) {
    case 'http':
      return <HttpFields form={form} />;
    case 'tcp':
      return <HostAndPort form={form} portHint="1 to 65535" />;
    case 'dns':
      return <DnsFields form={form} />;
    case 'tls':
      return (
        <>
          <HostAndPort form={form} portHint="Empty: 443" />
          <TextField
            form={form}
            name="target.servername"
            label="Server name (SNI)"
            hint="Optional; the name the certificate must cover when it differs from the host"
          />
        </>
      );
    case 'heartbeat':
      return (
        <TextField
          form={form}
          name="target.grace"
          label="Grace"
          hint="How late a ping may be after the interval before it counts as missed, e.g. 5m. Empty: 1m"
        />
      );
  }
}
