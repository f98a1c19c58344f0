/** Hostile model outputs: every one must stay inert in every page. */
export const XSS_OUTPUTS = [
  '<script>alert("xss-script")</script>',
  '<img src=x onerror="alert(\'xss-img\')">',
  '[click me](javascript:alert("xss-link"))',
  '[tricky](JaVaScRiPt:alert(1)) and <a href="javascript:alert(2)">raw link</a>',
  '![img](javascript:alert(3)) <svg onload=alert(4)></svg>',
  '```html\n<script>alert("in code")</script>\n```',
  '<iframe src="javascript:alert(5)"></iframe><style>body{display:none}</style>',
];
