/** The menu of each role: what it does in the procedure, nothing it cannot open. */
export function navFor(role: string): { to: string; text: string }[] {
  const inbox = { to: '/inbox', text: '我的待办' };
  switch (role) {
    case 'village-cadre':
    case 'village-committee':
    case 'township-officer':
    case 'city-bureau':
    case 'lead-department':
      return [inbox];
    case 'supervisor':
      return [inbox];
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
