/**
 * The default VitePress theme with one addition: pages whose frontmatter says
 * `pageClass: wide-page` (the generated references) use the full width beside the sidebar,
 * so their tables need not scroll sideways.
 */
import DefaultTheme from 'vitepress/theme';
import './wide-page.css';

export default DefaultTheme;
