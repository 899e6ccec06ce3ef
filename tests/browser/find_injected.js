// Elements and attributes the app never renders itself: finding any means a payload got in.
(mark) => {
  const found = [];
  const forbiddenTags = new Set(['IFRAME','OBJECT','EMBED','BASE','ISINDEX','VIDEO','AUDIO',
                                 'MATH','TEMPLATE','NOSCRIPT','STYLE','MGLYPH','FRAME']);
  for (const el of document.querySelectorAll('*')) {
    const tag = el.tagName.toUpperCase();
    if (forbiddenTags.has(tag) && el.closest('head') === null) found.push(tag);
    if (tag === 'SCRIPT' && !(el.getAttribute('src') || '').startsWith('/static/')) found.push('SCRIPT');
    if (tag === 'META' && el.getAttribute('http-equiv')) found.push('META refresh');
    if (tag === 'IMG' && el.closest('head') === null) found.push('IMG');
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      const value = attr.value.trim().toLowerCase().replace(/\s+/g, '');
      if (name.startsWith('on')) found.push(`${tag}[${name}]`);
      const urlish = ['href','src','action','formaction','xlink:href','background','data','poster','srcdoc'];
      if (urlish.includes(name) && (value.startsWith('javascript:') || value.startsWith('data:text/html'))) found.push(`${tag}[${name}=${value.slice(0, 30)}]`);
      if (name.startsWith('hx-') && attr.value.includes(mark)) found.push(`${tag}[${name}]`);
      if (name === 'autofocus' && tag !== 'INPUT') found.push(`${tag}[autofocus]`);
    }
  }
  if (document.body.dataset.xssprobe !== undefined) found.push('script ran');
  return found;
}
