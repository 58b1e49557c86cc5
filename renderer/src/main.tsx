import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { MailCache } from './cache/db';
import { createTransport } from './transport/api';
import { hostConnection } from './transport/host-connection';
import { App } from './ui/App';
import './styles.css';

const transport = createTransport((connected) => {
  hostConnection.set(connected);
});
const db = new MailCache('kestrel-mail');
const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <App api={transport.api} db={db} browserMode={transport.mode === 'browser'} />
  </StrictMode>,
);
