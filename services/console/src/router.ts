import {
  createRouter,
  createWebHistory,
  type RouteComponent,
  type RouteRecordRaw,
} from 'vue-router';

import { homeOf } from './lib/nav';
import { loadSession, session } from './lib/session';

/** Pages load on first visit: the sign-in page and the inbox do not carry the charts. */
const pages = import.meta.glob<RouteComponent>('./pages/*.vue', { import: 'default' });
const component = (name: string): (() => Promise<RouteComponent>) => {
  const load = pages[`./pages/${name}.vue`];
  if (!load) throw new Error(`no page ${name}`);
  return load;
};
/** A signed-in page at its path, with the title the browser shows. */
const page = (path: string, name: string, title: string): RouteRecordRaw => ({
  path,
  component: component(name),
  meta: { title },
});

const routes: RouteRecordRaw[] = [
  // Each role's start page; the session is known by then (the guard below runs first).
  { path: '/', component: component('NotFound'), beforeEnter: () => homeOf(session.actor?.role) },
  { path: '/sign-in', component: component('SignIn'), meta: { public: true } },
  page('/inbox', 'Inbox', '我的待办'),
  page('/cases/:caseId/tasks/:taskId', 'Task', '办理任务'),
  page('/cases/:caseId', 'CaseFile', '户档案'),
  page('/upload', 'Upload', '上传预警批次'),
  page('/alerts', 'Alerts', '本单位预警'),
  page('/admin/accounts', 'Accounts', '账号管理'),
  page('/registers', 'Registers', '监测对象台账'),
  page('/measures', 'Measures', '帮扶措施'),
  page('/notices', 'Notices', '公示公告'),
  page('/meetings', 'Meetings', '村民代表会议'),
  page('/villages/:villageCode(\\d{12})/notice', 'VillageNotice', '村级公示'),
  page('/villages/:villageCode(\\d{12})/announcement', 'VillageAnnouncement', '认定结果公告'),
  page('/triage', 'Triage', '预警确认'),
  page('/dashboard', 'Dashboard', '监测统计'),
  page('/supervision', 'Supervision', '督办视图'),
  page('/assessment', 'Assessment', '督导考核'),
  page('/audit', 'Audit', '审计日志'),
  page('/password', 'Password', '修改密码'),
  page('/:rest(.*)*', 'NotFound', '页面不存在'),
];

export const router = createRouter({ history: createWebHistory(), routes });

router.beforeEach(async (to) => {
  if (to.meta.public) return true;
  if (!session.actor) await loadSession();
  if (!session.actor) return { path: '/sign-in', query: { next: to.fullPath } };
  return true;
});

router.afterEach((to) => {
  const title = typeof to.meta.title === 'string' ? to.meta.title : '登录';
  document.title = `${title} · 防返贫监测帮扶工作台`;
});
