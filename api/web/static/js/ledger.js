import { h } from './dom.js';
export async function render(main) { main.append(h('p', { text: 'todo' })); }
