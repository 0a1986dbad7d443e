// The admin's error page: what went wrong in words, and a way back.
import { adminPaths } from '../paths.js';
import { Layout, type AdminView } from './layout.js';

const TITLES: Record<number, string> = {
  403: 'Not allowed',
  404: 'Not found',
  413: 'Too large',
  429: 'Too many attempts',
};

export function ErrorPage(props: { view: AdminView; status: number; message: string }) {
  const title =
    TITLES[props.status] ?? (props.status >= 500 ? 'Something went wrong' : 'Request not accepted');
  return (
    <Layout view={props.view} title={title}>
      <div class="narrow card">
        <h1 safe>{title}</h1>
        <p safe>{props.message}</p>
        <p>
          <a href={adminPaths.dashboard}>Back to the dashboard</a>
        </p>
      </div>
    </Layout>
  );
}
