import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';

import { homeOf } from './lib/nav';
import { loadSession, session } from './lib/session';

/** Pages load on first visit: the sign-in page and the inbox do not carry the charts. */
const routes: RouteRecordRaw[] = [
  // Each role's start page; the session is known by then (the guard below runs first).
  {
    path: '/',
    component: () => import('./pages/NotFound.vue'),
    beforeEnter: () => homeOf(session.actor?.role),
  },
  { path: '/sign-in', component: () => import('./pages/SignIn.vue'), meta: { public: true } },
  { path: '/inbox', component: () => import('./pages/Inbox.vue'), meta: { title: '我的待办' } },
  {
    path: '/cases/:caseId/tasks/:taskId',
    component: () => import('./pages/Task.vue'),
    meta: { title: '办理任务' },
  },
  {
    path: '/cases/:caseId',
    component: () => import('./pages/CaseFile.vue'),
    meta: { title: '户档案' },
  },
  {
    path: '/upload',
    component: () => import('./pages/Upload.vue'),
    meta: { title: '上传预警批次' },
  },
  {
    path: '/alerts',
    component: () => import('./pages/Alerts.vue'),
    meta: { title: '本单位预警' },
  },
  {
    path: '/admin/accounts',
    component: () => import('./pages/Accounts.vue'),
    meta: { title: '账号管理' },
  },
  {
    path: '/registers',
    component: () => import('./pages/Registers.vue'),
    meta: { title: '监测对象台账' },
  },
  {
    path: '/measures',
    component: () => import('./pages/Measures.vue'),
    meta: { title: '帮扶措施' },
  },
  { path: '/notices', component: () => import('./pages/Notices.vue'), meta: { title: '公示公告' } },
  {
    path: '/villages/:villageCode(\\d{12})/notice',
    component: () => import('./pages/VillageNotice.vue'),
    meta: { title: '村级公示' },
  },
  {
    path: '/villages/:villageCode(\\d{12})/announcement',
    component: () => import('./pages/VillageAnnouncement.vue'),
    meta: { title: '认定结果公告' },
  },
  {
    path: '/dashboard',
    component: () => import('./pages/Dashboard.vue'),
    meta: { title: '监测统计' },
  },
  { path: '/audit', component: () => import('./pages/Audit.vue'), meta: { title: '审计日志' } },
  {
    path: '/password',
    component: () => import('./pages/Password.vue'),
    meta: { title: '修改密码' },
  },
  {
    path: '/:rest(.*)*',
    component: () => import('./pages/NotFound.vue'),
    meta: { title: '页面不存在' },
  },
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
