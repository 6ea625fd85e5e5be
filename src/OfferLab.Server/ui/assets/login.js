// Carries ?returnUrl through the form and shows why a sign-in failed. The server checks the address again.
(() => {
  const query = new URLSearchParams(location.search);
  const back = query.get('returnUrl');
  if (back && back.startsWith('/') && !back.startsWith('//')) {
    document.getElementById('returnUrl').value = back;
  }
  document.getElementById('failed').hidden = query.get('failed') !== '1';
})();
