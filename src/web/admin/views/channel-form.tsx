// The form of a notification channel, built from its type's field hints so every channel type
// gets its form without a view of its own: a select for choices, a textarea (one per line) for
// lists, a number field, a password field for secrets, a text field otherwise.
import type { AnyChannelType } from '../../../notifier/channel.js';
import type { ChannelView } from '../../../services/channel-service.js';
import { CLEAR_SECRET_FIELD, configField, hintOf, isSecret } from '../channel-form-input.js';
import { adminPaths } from '../paths.js';
import { DangerZone } from './deletion.js';
import {
  Checkbox,
  Select,
  TextArea,
  TextField,
  type Choice,
  type FormState,
} from './form-controls.js';
import { FormPage } from './form-page.js';
import type { AdminView } from './layout.js';

function SettingField(props: {
  form: FormState;
  type: AnyChannelType;
  setting: string;
  /** Editing a channel whose secret of this name is stored. */
  stored: boolean;
}) {
  const { form, type, setting } = props;
  const hint = hintOf(type, setting);
  const name = configField(setting);
  if (isSecret(type, setting)) {
    const help = props.stored
      ? `Stored — leave empty to keep it.${hint.help ? ` ${hint.help}` : ''}`
      : hint.help;
    return (
      <>
        <TextField
          form={form}
          name={name}
          label={hint.label}
          hint={help}
          type="password"
          autocomplete="off"
          keepValue={false}
          required={hint.required && !props.stored}
        />
        {props.stored && !hint.required ? (
          <Checkbox
            form={form}
            name={CLEAR_SECRET_FIELD}
            id={`f-clear-${setting}`}
            value={setting}
            checked={false}
            label={`Remove the stored ${hint.label.toLowerCase()}`}
          />
        ) : (
          ''
        )}
      </>
    );
  }
  if (hint.choices) {
    const choices: Choice[] = hint.choices.map((choice) => [choice, choice] as const);
    return (
      <Select
        form={form}
        name={name}
        label={hint.label}
        hint={hint.help}
        required={hint.required}
        choices={hint.required ? choices : [['', '(not set)'], ...choices]}
      />
    );
  }
  if (hint.list) {
    return (
      <TextArea
        form={form}
        name={name}
        label={hint.label}
        hint={hint.help ? `${hint.help} One per line.` : 'One per line.'}
        required={hint.required}
        rows={3}
      />
    );
  }
  return (
    <TextField
      form={form}
      name={name}
      label={hint.label}
      hint={hint.help}
      required={hint.required}
      type={hint.numeric ? 'number' : 'text'}
      inputmode={hint.numeric ? 'numeric' : undefined}
    />
  );
}

export function ChannelFormPage(props: {
  view: AdminView;
  form: FormState;
  type: AnyChannelType;
  channel?: ChannelView;
}) {
  const { form, type, channel } = props;
  const crumbs = [
    ['Notifications', adminPaths.channels],
    ...(channel ? [[channel.name, adminPaths.channel(channel.id)] as const] : []),
  ] as const;
  return (
    <FormPage
      view={props.view}
      section="notifications"
      title={channel ? `Edit ${channel.name}` : `New ${type.label} channel`}
      crumbs={crumbs}
      form={form}
      action={channel ? adminPaths.editChannel(channel.id) : adminPaths.channels}
      submit={channel ? 'Save channel' : 'Create channel'}
      cancel={channel ? adminPaths.channel(channel.id) : adminPaths.channels}
      after={
        channel ? (
          <DangerZone
            what="channel"
            href={adminPaths.deleteChannel(channel.id)}
            note="Deleting removes its routes and its delivery log."
          />
        ) : (
          ''
        )
      }
    >
      {channel ? '' : <input type="hidden" name="type" value={type.type} />}
      <TextField
        form={form}
        name="name"
        label="Name"
        hint="Unique; configuration files refer to the channel by it"
        required
        maxlength={100}
      />
      <Checkbox form={form} name="enabled" label="Enabled: deliver events to this channel" />
      <h2 class="form-section" safe>{`${type.label} settings`}</h2>
      <>
        {type.fields.map((setting) => (
          <SettingField
            form={form}
            type={type}
            setting={setting}
            stored={channel?.secrets[setting] === true}
          />
        ))}
      </>
    </FormPage>
  );
}
