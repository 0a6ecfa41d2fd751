/** The menu of each role: what it does in the procedure, nothing it cannot open. */
export function navFor(role: string): { to: string; text: string }[] {
  const inbox = { to: '/inbox', text: '我的待办' };
  const registers = { to: '/registers', text: '监测对象台账' };
  const measures = { to: '/measures', text: '帮扶措施' };
  const notices = { to: '/notices', text: '公示公告' };
  const dashboard = { to: '/dashboard', text: '监测统计' };
  const audit = { to: '/audit', text: '审计日志' };
  const assessment = { to: '/assessment', text: '督导考核' };
  const triage = { to: '/triage', text: '预警确认' };
  const supervision = { to: '/supervision', text: '督办视图' };
  switch (role) {
    case 'village-cadre':
      return [inbox, registers, notices];
    case 'village-committee':
      return [inbox, { to: '/meetings', text: '村民代表会议' }, registers, notices];
    case 'township-officer':
      return [inbox, registers, measures, notices, assessment];
    case 'city-bureau':
      return [inbox, triage, dashboard, assessment, registers, measures, notices];
    case 'lead-department':
      return [inbox, measures];
    case 'supervisor':
      return [
        inbox,
        triage,
        dashboard,
        supervision,
        assessment,
        registers,
        measures,
        notices,
        audit,
      ];
    case 'sector-bureau':
      return [
        { to: '/upload', text: '上传预警批次' },
        { to: '/alerts', text: '本单位预警' },
      ];
    case 'administrator':
      return [{ to: '/admin/accounts', text: '账号管理' }];
    default:
      return [];
  }
}

/** Where a role starts after signing in: its first menu entry (the inbox for most). */
export function homeOf(role: string | undefined): string {
  return (role && navFor(role)[0]?.to) || '/inbox';
}
