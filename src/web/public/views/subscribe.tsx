// The public subscribe pages: the form (email or webhook URL, optional components grouped as on
// the status page, the ALTCHA widget), "check your inbox", the confirmation and unsubscribe
// pages with their one button each (mail scanners open links; only a click may change anything),
// and the friendly pages for links that are unknown or expired.
import type { ComponentLayout } from '../component-layout.js';
import { indicatorTone } from '../presentation.js';
import type { PageView } from './context.js';
import { Document } from './layout.js';
import { VigilNotice } from './not-found.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- how @kitajs/html types its tags
  namespace JSX {
    interface IntrinsicElements {
      /** The ALTCHA widget (served from /assets/altcha): solves the proof of work. */
      'altcha-widget': { challenge: string; name: string; hidefooter?: boolean; children?: never };
    }
  }
}

export interface SubscribeAssets {
  altchaCss: string;
  script: string;
  challengeUrl: string;
}

export interface SubscribeFormValues {
  email: string;
  webhookUrl: string;
  componentIds: readonly string[];
}

export interface FormError {
  field: string;
  message: string;
}

function SubscribeDocument(props: {
  view: PageView;
  title: string;
  children: JSX.Element;
}): string {
  // Markup rendered by the views of this file, which escape their own text.
  const safeChildren = props.children;
  return Document({
    title: `${props.title} — ${props.view.page.name} Status`,
    cssHref: props.view.cssHref,
    tone: indicatorTone(props.view.status.indicator),
    view: props.view,
    children: <section class="card subscribe">{safeChildren}</section>,
  });
}

function ComponentChoice(props: {
  layout: ComponentLayout;
  chosen: readonly string[];
}): JSX.Element {
  const box = (component: { id: string; name: string }) => (
    <li>
      <label>
        <input
          type="checkbox"
          name="components"
          value={component.id}
          checked={props.chosen.includes(component.id)}
        />{' '}
        <span safe>{component.name}</span>
      </label>
    </li>
  );
  const { ungrouped, groups } = props.layout;
  if (ungrouped.length === 0 && groups.length === 0) return '';
  return (
    <fieldset class="subscribe-components">
      <legend>Components (optional)</legend>
      <p class="field-help">Choose none to hear about every component of this page.</p>
      {ungrouped.length > 0 ? <ul class="choice-list">{ungrouped.map(box)}</ul> : ''}
      {groups.map((group) => (
        <fieldset class="subscribe-group">
          <legend safe>{group.group.name}</legend>
          <ul class="choice-list">{group.components.map(box)}</ul>
        </fieldset>
      ))}
    </fieldset>
  );
}

export function SubscribeFormPage(props: {
  view: PageView;
  layout: ComponentLayout;
  assets: SubscribeAssets;
  action: string;
  values?: SubscribeFormValues;
  error?: FormError;
}): string {
  const values = props.values ?? { email: '', webhookUrl: '', componentIds: [] };
  const error = props.error;
  const fieldError = (field: string) =>
    error && error.field === field ? (
      <p class="field-error" id={`${field}-error`} safe>
        {error.message}
      </p>
    ) : (
      ''
    );
  return SubscribeDocument({
    view: props.view,
    title: 'Subscribe to updates',
    children: (
      <>
        <link rel="stylesheet" href={props.assets.altchaCss} />
        <h1 class="page-title">Subscribe to updates</h1>
        <p>
          Get a message when an incident is opened or updated, and when maintenance is scheduled,
          starts or ends. Email subscriptions start once you confirm the link we send you.
        </p>
        {error ? (
          <p class="form-error" role="alert" safe>
            {error.message}
          </p>
        ) : (
          ''
        )}
        <form method="post" action={props.action} class="subscribe-form">
          <p>
            <label for="email">Email address</label>
            <input
              id="email"
              type="email"
              name="email"
              autocomplete="email"
              value={values.email}
              aria-invalid={error?.field === 'email' ? 'true' : 'false'}
            />
          </p>
          {fieldError('email')}
          <p>
            <label for="webhook_url">or a webhook URL</label>
            <input
              id="webhook_url"
              type="url"
              name="webhook_url"
              placeholder="https://example.com/hook"
              value={values.webhookUrl}
              aria-invalid={error?.field === 'webhook_url' ? 'true' : 'false'}
            />
          </p>
          {fieldError('webhook_url')}
          <p class="field-help">
            A webhook receives each update as JSON (the format of Vigil's webhook channel).
          </p>
          <ComponentChoice layout={props.layout} chosen={values.componentIds} />
          {fieldError('components')}
          <altcha-widget challenge={props.assets.challengeUrl} name="altcha" hidefooter />
          {fieldError('altcha')}
          <p>
            <button type="submit">Subscribe</button>
          </p>
        </form>
        <script type="module" src={props.assets.script}></script>
      </>
    ),
  });
}

export function CheckInboxPage({ view }: { view: PageView }): string {
  return SubscribeDocument({
    view,
    title: 'Check your inbox',
    children: (
      <>
        <h1 class="page-title">Check your inbox to confirm</h1>
        <p>
          If this address can be subscribed, a message with a confirmation link is on its way.
          Nothing is sent until you confirm. A webhook subscription starts right away.
        </p>
        <p>
          <a href={view.links.home}>Back to the status page</a>
        </p>
      </>
    ),
  });
}

export function ConfirmPage(props: { view: PageView; action: string }): string {
  return SubscribeDocument({
    view: props.view,
    title: 'Confirm your subscription',
    children: (
      <>
        <h1 class="page-title">Confirm your subscription</h1>
        <p>
          Confirm to get updates of <span safe>{props.view.page.name}</span> by email.
        </p>
        <form method="post" action={props.action}>
          <button type="submit">Confirm subscription</button>
        </form>
      </>
    ),
  });
}

export function ConfirmedPage({ view }: { view: PageView }): string {
  return SubscribeDocument({
    view,
    title: 'Subscription confirmed',
    children: (
      <>
        <h1 class="page-title">You are subscribed</h1>
        <p>
          You will get updates of <span safe>{view.page.name}</span>. Every message has a link to
          unsubscribe.
        </p>
        <p>
          <a href={view.links.home}>Back to the status page</a>
        </p>
      </>
    ),
  });
}

export function UnsubscribePage(props: { view: PageView; action: string }): string {
  return SubscribeDocument({
    view: props.view,
    title: 'Unsubscribe',
    children: (
      <>
        <h1 class="page-title">Unsubscribe</h1>
        <p>
          Stop getting updates of <span safe>{props.view.page.name}</span>?
        </p>
        <form method="post" action={props.action}>
          <button type="submit">Unsubscribe</button>
        </form>
      </>
    ),
  });
}

export function UnsubscribedPage({ view }: { view: PageView }): string {
  return SubscribeDocument({
    view,
    title: 'Unsubscribed',
    children: (
      <>
        <h1 class="page-title">You are unsubscribed</h1>
        <p>You will get no more updates from this page, and your address has been deleted.</p>
        <p>
          <a href={view.links.home}>Back to the status page</a>
        </p>
      </>
    ),
  });
}

/** A link that names no subscription (any more), or one that expired. */
export function LinkNotValidPage(props: {
  cssHref: string;
  heading: string;
  message: string;
}): string {
  return VigilNotice({
    cssHref: props.cssHref,
    heading: props.heading,
    children: <span safe>{props.message}</span>,
  });
}

export function TooManyAttemptsPage({ view }: { view: PageView }): string {
  return SubscribeDocument({
    view,
    title: 'Too many attempts',
    children: (
      <>
        <h1 class="page-title">Too many attempts</h1>
        <p>Too many subscriptions came from your address. Please try again later.</p>
      </>
    ),
  });
}
