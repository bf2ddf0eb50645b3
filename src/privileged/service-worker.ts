/**
 * The service worker: the only code that holds the PAT and the only code that calls Clarifai.
 * Listeners are registered synchronously at the top level so a worker woken by a message hears it.
 */
import browser from 'webextension-polyfill';
import { KEEPALIVE_ALARM, resumeJobs } from './jobs.ts';
import { resumeLeft as resumeKeyChange } from './key-changes.ts';
import { handlers } from './operations.ts';
import { createRouter } from './router.ts';
import { lockDownSessionStorage, lockIfIdle } from './vault.ts';
import { onInstalled } from './welcome.ts';

const IDLE_ALARM = 'keysmith-idle-lock';

const route = createRouter(handlers, { id: browser.runtime.id, origin: new URL(browser.runtime.getURL('/')).origin });

browser.runtime.onMessage.addListener((message: unknown, sender: browser.Runtime.MessageSender) => route(message, sender));
browser.runtime.onInstalled.addListener((details) => void onInstalled(details));

// A bulk job, or a change of keys, outlives the worker: the alarm wakes it while one runs, and a new worker resumes it.
browser.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === KEEPALIVE_ALARM) {
    void resumeJobs();
    void resumeKeyChange();
  }
  if (alarm.name === IDLE_ALARM) void lockIfIdle();
});
// A remembered token locks itself after the idle time (checked every minute, and before each use).
void browser.alarms.create(IDLE_ALARM, { periodInMinutes: 1 });

// A change of keys (delete, new scopes) outlives it the same way.
void lockDownSessionStorage().then(() => Promise.all([resumeJobs(), resumeKeyChange()]));
