// Labels in Chinese and English. t(key, ...args) returns the label in the
// current language; {0}, {1}… are replaced by args. A missing key shows
// the key itself, so a gap is visible rather than silent.

const L = {
  // frame
  'app.title': ['回收 · 废旧家电回收物流', 'Huishou · appliance take-back'],
  'app.skip': ['跳到正文', 'Skip to content'],
  'nav.planner': ['规划', 'Planner'],
  'nav.dispatch': ['调度', 'Dispatcher'],
  'nav.ledger': ['台账', 'Ledger'],
  'nav.logout': ['退出', 'Log out'],
  'lang.switch': ['English', '中文'],
  'lang.switch.label': ['切换到英文', 'Switch to Chinese'],
  'role': ['角色', 'Role'],
  'role.admin': ['管理员', 'admin'],
  'role.planner': ['规划员', 'planner'],
  'role.dispatcher': ['调度员', 'dispatcher'],
  'role.viewer': ['查看者', 'viewer'],
  // login
  'login.title': ['使用 API 密钥登录', 'Log in with an API key'],
  'login.key': ['API 密钥', 'API key'],
  'login.key.hint': ['形如 hs_… 的密钥，由管理员用 huishou keys create 生成', 'A key such as hs_…, made by an admin with huishou keys create'],
  'login.remember': ['在此设备上记住', 'Remember on this device'],
  'login.submit': ['登录', 'Log in'],
  'login.bad': ['密钥无效：{0}', 'The key was refused: {0}'],
  'login.forbidden': ['此角色不能使用该视图', 'This role may not use this view'],
  // common
  'loading': ['加载中…', 'Loading…'],
  'none': ['无', 'none'],
  'error': ['出错：{0}', 'Error: {0}'],
  'load': ['加载', 'Load'],
  'all': ['全部', 'all'],
  'yes': ['是', 'yes'],
  'no': ['否', 'no'],
  'print': ['打印', 'Print'],
  'back': ['返回', 'Back'],
  'close': ['关闭', 'Close'],
  'download': ['下载', 'Download'],
  'map': ['地图', 'Map'],
  'map.zoomin': ['放大', 'Zoom in'],
  'map.zoomout': ['缩小', 'Zoom out'],
  'map.fit': ['全图', 'Fit to view'],
  'map.help': ['拖动平移，滚轮或 +/− 缩放，方向键移动，0 复位', 'Drag to pan, wheel or +/− to zoom, arrow keys to move, 0 to reset'],
  'legend': ['图例', 'Legend'],
  // tiers
  'tier.collection_point': ['回收站点', 'Collection point'],
  'tier.transfer_station': ['中转站', 'Transfer station'],
  'tier.sorting_centre': ['集散转运中心', 'Sorting centre'],
  'tier.dismantler': ['拆解企业', 'Dismantler'],
  'tier.warehouse': ['前置仓', 'Front warehouse'],
  'legend.coverage': ['服务半径', 'Coverage radius'],
  'legend.assign': ['乡镇→站点', 'Township → site'],
  'legend.flow': ['站点间流向', 'Flow between sites'],
  'legend.township': ['乡镇', 'Township'],
  'legend.opened': ['新开（对比）', 'Opened (vs. A)'],
  'legend.closed': ['关闭（对比）', 'Closed (vs. A)'],
  'legend.size': ['符号大小 = 年处理量', 'Symbol size = yearly throughput'],
  // planner
  'planner.title': ['网络规划', 'Network planning'],
  'planner.scenario': ['情景', 'Scenario'],
  'planner.run': ['运行', 'Run'],
  'planner.compare': ['对比运行', 'Compare with'],
  'planner.compare.none': ['（不对比）', '(no comparison)'],
  'planner.noruns': ['该情景还没有完成的运行', 'No finished run of this scenario yet'],
  'planner.newrun': ['新运行', 'New run'],
  'planner.prefecture': ['地市', 'Prefecture'],
  'planner.prefecture.all': ['全省', 'Whole province'],
  'planner.time': ['时限（秒）', 'Time limit (s)'],
  'planner.subsidy': ['以旧换新补贴（占新机价格比例）', 'Trade-in subsidy (share of new price)'],
  'planner.greedy': ['快速贪心基线', 'Quick greedy baseline'],
  'planner.start': ['开始运行', 'Start run'],
  'planner.progress': ['进度', 'Progress'],
  'planner.status': ['状态', 'Status'],
  'planner.best': ['当前最优成本', 'Best cost'],
  'planner.bound': ['下界', 'Lower bound'],
  'planner.elapsed': ['已用时间', 'Elapsed'],
  'planner.gap': ['差距', 'Gap'],
  'planner.sites': ['开放站点', 'Open sites'],
  'planner.site': ['站点', 'Site'],
  'planner.sites.upper': ['回收站点较多，见地图；此表列出其余层级', 'Collection points are many: see them on the map; the table lists the other tiers'],
  'planner.tier': ['层级', 'Tier'],
  'planner.throughput': ['年处理量 (吨)', 'Throughput (t/yr)'],
  'planner.utilisation': ['利用率', 'Utilisation'],
  'planner.county': ['区县', 'County'],
  'planner.a': ['A', 'A'],
  'planner.b': ['B', 'B'],
  'planner.delta': ['变化', 'Change'],
  'planner.opened': ['新开 {0} 个站点', '{0} sites opened'],
  'planner.closed': ['关闭 {0} 个站点', '{0} sites closed'],
  'planner.layers': ['图层', 'Layers'],
  'planner.layer.coverage': ['服务半径', 'Coverage radii'],
  'planner.layer.assign': ['分配线', 'Assignment lines'],
  'planner.layer.flows': ['流向', 'Flows'],
  'planner.layer.townships': ['乡镇点', 'Townships'],
  'status.queued': ['排队中', 'queued'],
  'status.running': ['运行中', 'running'],
  'status.done': ['完成', 'done'],
  'status.failed': ['失败', 'failed'],
  // KPIs
  'kpi.cost': ['年总成本', 'Total cost per year'],
  'kpi.bound': ['下界 / 差距', 'Lower bound / gap'],
  'kpi.sites': ['开放站点', 'Open sites'],
  'kpi.coverage': ['乡镇覆盖率', 'Township coverage'],
  'kpi.distance': ['平均 / P95 距离', 'Mean / p95 distance'],
  'kpi.tonnes': ['年回收量', 'Collected per year'],
  'kpi.tkm': ['吨公里', 'Tonne-km'],
  'kpi.co2': ['二氧化碳', 'CO₂'],
  'kpi.split': ['固定 {0} · 处理 {1} · 运输 {2}', 'fixed {0} · handling {1} · transport {2}'],
  'unit.myuan': ['百万元', 'M yuan'],
  'unit.t': ['吨', 't'],
  'unit.km': ['公里', 'km'],
  'unit.h': ['小时', 'h'],
  'unit.kg': ['千克', 'kg'],
  'unit.yuan': ['元', 'yuan'],
  // dispatcher
  'dispatch.title': ['日常调度', 'Daily dispatch'],
  'dispatch.date': ['日期', 'Date'],
  'dispatch.depot': ['站点/仓库', 'Depot'],
  'dispatch.depot.all': ['全部站点', 'All depots'],
  'dispatch.noplan': ['{0} 还没有日计划。', 'No day plan for {0} yet.'],
  'dispatch.plan': ['编排当天路线', 'Plan this day'],
  'dispatch.replan': ['重新编排（已派车路线锁定）', 'Re-plan (dispatched routes locked)'],
  'dispatch.planning': ['正在编排…', 'Planning…'],
  'dispatch.trucks': ['车辆', 'Trucks'],
  'dispatch.vehicle': ['车辆', 'Vehicle'],
  'dispatch.stops': ['站点数', 'Stops'],
  'dispatch.km': ['里程 (公里)', 'km'],
  'dispatch.hours': ['时长 (小时)', 'Hours'],
  'dispatch.load': ['最大载重', 'Peak load'],
  'dispatch.route.status': ['状态', 'Status'],
  'route.planned': ['已计划', 'planned'],
  'route.dispatched': ['已派车', 'dispatched'],
  'dispatch.sheet': ['路单', 'Route sheet'],
  'dispatch.sheets': ['打印全部路单', 'Print all route sheets'],
  'dispatch.dispatch': ['派车（锁定所选路线）', 'Dispatch (lock selected routes)'],
  'dispatch.select': ['选择 {0}', 'Select {0}'],
  'dispatch.totals': ['{0} 个预约，已安排 {1}，未安排 {2}；{3} 辆车，{4} 公里，{5} 小时', '{0} bookings, {1} served, {2} unassigned; {3} trucks, {4} km, {5} h'],
  'dispatch.unassigned': ['未安排', 'Unassigned'],
  'dispatch.reason': ['原因', 'Reason'],
  'dispatch.bookings': ['当天预约', "The day's bookings"],
  'dispatch.bookings.none': ['当天没有预约', 'No bookings for this day'],
  'dispatch.move': ['改期', 'Move'],
  'dispatch.move.to': ['改到', 'Move to'],
  'dispatch.cancel': ['取消', 'Cancel'],
  'dispatch.add': ['新增预约', 'Add a booking'],
  'dispatch.add.submit': ['添加预约', 'Add booking'],
  'dispatch.add.ok': ['已添加预约 {0}', 'Booking {0} added'],
  'dispatch.add.pick': ['在地图上点击以填入经纬度', 'Click the map to fill in the position'],
  'dispatch.moved': ['预约 {0} 已改到 {1}', 'Booking {0} moved to {1}'],
  'dispatch.diff': ['重新编排：{0} 条路线改变，{1} 条已派车路线保持不变', 'Re-planned: {0} routes changed, {1} dispatched routes kept as they were'],
  'booking.id': ['编号', 'Id'],
  'booking.kind': ['类型', 'Kind'],
  'booking.items': ['物品', 'Items'],
  'booking.window': ['时间窗', 'Window'],
  'booking.dates': ['可上门日期', 'Dates'],
  'booking.status': ['状态', 'Status'],
  'booking.county': ['区县代码', 'County (adcode)'],
  'booking.township': ['乡镇', 'Township'],
  'booking.lon': ['经度', 'Longitude'],
  'booking.lat': ['纬度', 'Latitude'],
  'booking.category': ['品类', 'Category'],
  'booking.count': ['数量', 'Count'],
  'booking.earliest': ['最早日期', 'Earliest'],
  'booking.latest': ['最晚日期', 'Latest'],
  'booking.tw_start': ['时间窗开始', 'Window from'],
  'booking.tw_end': ['时间窗结束', 'Window to'],
  'booking.from': ['新机发货仓（以旧换新）', 'New appliance from (trade-in)'],
  'booking.note': ['备注（联系方式、门牌）', 'Note (contact, access)'],
  'kind.pickup': ['上门回收', 'pickup'],
  'kind.trade_in': ['以旧换新', 'trade-in'],
  'kind.bulk': ['批量回收', 'bulk'],
  'kind.service': ['服务', 'service'],
  'bstatus.booked': ['已预约', 'booked'],
  'bstatus.scheduled': ['已排程', 'scheduled'],
  'bstatus.dispatched': ['已派车', 'dispatched'],
  'bstatus.done': ['已完成', 'done'],
  'bstatus.failed': ['未完成', 'failed'],
  'bstatus.cancelled': ['已取消', 'cancelled'],
  'cat.refrigerator': ['冰箱', 'refrigerator'],
  'cat.washing_machine': ['洗衣机', 'washing machine'],
  'cat.air_conditioner': ['空调', 'air conditioner'],
  'cat.television': ['电视机', 'television'],
  'cat.water_heater': ['热水器', 'water heater'],
  'cat.microwave': ['微波炉', 'microwave'],
  'cat.range_hood': ['油烟机', 'range hood'],
  'cat.computer': ['电脑', 'computer'],
  'cat.mobile_phone': ['手机', 'mobile phone'],
  // sheet
  'sheet.title': ['路单', 'Route sheet'],
  'sheet.vehicle': ['车辆 {0}', 'Vehicle {0}'],
  'sheet.depot': ['出发站点', 'Depot'],
  'sheet.shift': ['出车 {0} · 回场 {1}', 'Leaves {0} · back {1}'],
  'sheet.crew': ['随车人数', 'Crew'],
  'sheet.capacity': ['载重 {0} kg · 容积 {1} L', 'Capacity {0} kg · {1} L'],
  'sheet.seq': ['序号', 'No.'],
  'sheet.eta': ['预计到达', 'ETA'],
  'sheet.start': ['开始', 'Start'],
  'sheet.leave': ['离开', 'Leave'],
  'sheet.booking': ['预约', 'Booking'],
  'sheet.stop': ['地点', 'Where'],
  'sheet.load': ['车上载重 (kg)', 'Load after (kg)'],
  'sheet.note': ['备注', 'Note'],
  'sheet.done': ['完成 ☐', 'Done ☐'],
  'sheet.sign': ['司机签字：＿＿＿＿＿＿　　站点签收：＿＿＿＿＿＿', 'Driver: ____________    Received at depot: ____________'],
  'sheet.type.load': ['装货', 'load'],
  'sheet.type.break': ['休息', 'break'],
  'sheet.back': ['回到调度', 'Back to dispatch'],
  'sheet.pdf': ['服务器 PDF', 'Server PDF'],
  'sheet.page': ['第 {0} 页，共 {1} 页', 'Page {0} of {1}'],
  // ledger
  'ledger.title': ['工作台账与报表', 'Work ledger and reports'],
  'ledger.report': ['月度报表', 'Period report'],
  'ledger.level': ['层级', 'Level'],
  'level.county': ['区县', 'county'],
  'level.prefecture': ['地市', 'prefecture'],
  'level.province': ['全省', 'province'],
  'ledger.area': ['地区', 'Area'],
  'ledger.period': ['期间（如 2025-06、2025-Q2、2025）', 'Period (e.g. 2025-06, 2025-Q2, 2025)'],
  'ledger.simulated': ['模拟数据（由 huishou gen ledger 生成）', 'Simulated events (huishou gen ledger)'],
  'ledger.total': ['合计', 'Total'],
  'ledger.category': ['品类', 'Category'],
  'ledger.units': ['回收台数', 'Units'],
  'ledger.tonnes': ['吨', 'Tonnes'],
  'ledger.trade_ins': ['以旧换新', 'Trade-ins'],
  'ledger.licensed_pct': ['进入正规拆解 %', 'Licensed %'],
  'ledger.days': ['平均上门天数', 'Mean days to pickup'],
  'ledger.ontime': ['准时率 %', 'On time %'],
  'ledger.forecast_pct': ['完成预测 %', 'Of forecast %'],
  'ledger.target_pct': ['完成目标 %', 'Of target %'],
  'ledger.bookings': ['服务预约', 'Bookings served'],
  'ledger.chart.outline': ['橙色框：目标（无目标时为预测）', 'Orange outline: the target (else the forecast)'],
  'ledger.charts': ['图表', 'Charts'],
  'ledger.site': ['站点台账', 'Site ledger'],
  'ledger.site.id': ['站点或车辆编号', 'Site or vehicle id'],
  'ledger.from': ['起', 'From'],
  'ledger.to': ['止', 'To'],
  'ledger.events': ['事件', 'Events'],
  'ledger.noevents': ['该期间没有事件', 'No events in this period'],
  'ledger.event.time': ['时间', 'Time'],
  'ledger.event.type': ['类型', 'Type'],
  'ledger.event.items': ['物品', 'Items'],
  'ledger.event.ref': ['关联', 'Reference'],
  'ledger.event.hash': ['哈希', 'Hash'],
  'event.collected': ['上门收取', 'collected'],
  'event.delivered': ['送达新机', 'delivered'],
  'event.received': ['入站', 'received'],
  'event.transferred': ['转运', 'transferred'],
  'event.handed_over': ['交拆解企业', 'handed over'],
  'event.adjusted': ['更正', 'adjusted'],
  'ledger.verify': ['校验哈希链', 'Verify the hash chains'],
  'ledger.verify.ok': ['全部哈希链完整：{0} 个站点，{1} 个事件', 'All chains intact: {0} sites, {1} events'],
  'ledger.verify.bad': ['哈希链断裂：{0}', 'Chain broken: {0}'],
  'ledger.missing': ['服务器尚未提供此接口（{0}）', 'The server does not offer this yet ({0})'],
};

let lang = 'zh';

/** setLang sets the language ("zh" or "en") and remembers it. */
export function setLang(l) {
  lang = l === 'en' ? 'en' : 'zh';
  try { localStorage.setItem('huishou.lang', lang); } catch { /* private mode */ }
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
}

/** initLang picks the remembered language, else the browser's. */
export function initLang() {
  let l = null;
  try { l = localStorage.getItem('huishou.lang'); } catch { /* private mode */ }
  if (!l) l = (navigator.language || '').toLowerCase().startsWith('zh') ? 'zh' : 'en';
  setLang(l);
}

export function getLang() { return lang; }

/** t returns the label of key in the current language. */
export function t(key, ...args) {
  const e = L[key];
  let s = e ? e[lang === 'zh' ? 0 : 1] : key;
  args.forEach((a, i) => { s = s.replaceAll('{' + i + '}', String(a)); });
  return s;
}

/** tOr returns the label of key, or fallback when there is none. */
export function tOr(key, fallback) {
  return L[key] ? t(key) : fallback;
}

/** num formats a number in the current language's style. */
export function num(v, digits = 0) {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  return Number(v).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** keys lists every label key (for the i18n test). */
export function keys() { return Object.keys(L); }

/** missing lists keys whose Chinese or English label is empty. */
export function missing() { return Object.keys(L).filter((k) => !L[k][0] || !L[k][1]); }
