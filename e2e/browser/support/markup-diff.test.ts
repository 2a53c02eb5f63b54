import { firstMarkupDifference } from './markup-diff';

// The header of the shop's 404 as `next build` writes it: the account links wait for the client (useSearchParams).
const served = (main: string) =>
  '<body><header><div class="account"><!--$!--><template data-dgst="BAILOUT_TO_CLIENT_SIDE_RENDERING"></template>' +
  '<a href="/signin">Sign in</a><!--/$--></div></header>' +
  `<main><!--$--><h1>${main}</h1><!--/$--></main><script>self.__next_f.push([1,""])</script></body>`;
const hydrated = (main: string) =>
  `<body><header><div class="account"><a href="/signin?next=%2Fno-such-page">Sign in</a></div></header><main><h1>${main}</h1></main></body>`;

describe('the #418 report of where served and hydrated markup differ', () => {
  test('looks past a boundary the client rendered and finds the difference after it', () => {
    const report = firstMarkupDifference(served('Not found'), hydrated('Not found!'));
    // At the "!" the client added, not at the boundary before it.
    const at = hydrated('Not found!').replace('<body>', '').indexOf('!');
    expect(report).toMatch(new RegExp(`^first difference \\(server at \\d+, client at ${at}\\)`));
    expect(report).toContain('<h1>Not found</h1>');
    expect(report).not.toContain('BAILOUT');
  });

  test('a boundary rendered by the client is not itself a difference', () => {
    expect(firstMarkupDifference(served('Not found'), hydrated('Not found'))).toBe('markup now equals what the server sent');
  });

  test('a boundary still pending when the shell was sent is not a difference either', () => {
    const streamed = served('Not found').replace('<main>', '<main><!--$?--><template id="B:0"></template><!--/$-->');
    const filled = hydrated('Not found').replace('<main>', '<main><p>Signed in already</p>');
    expect(firstMarkupDifference(streamed, filled)).toBe('markup now equals what the server sent');
  });

  test('a difference before any boundary is reported where it is', () => {
    const report = firstMarkupDifference(served('Not found'), hydrated('Not found').replace('class="account"', 'class="acct"'));
    expect(report).toMatch(/^first difference \(server at \d+, client at \d+\): server …<header><div class="account">\[rendered by the client\]<\/div>/);
  });

  test('markup the client added at the end is reported', () => {
    expect(firstMarkupDifference(served('Not found'), hydrated('Not found').replace('</body>', '<p>extra</p></body>'))).toContain('<p>extra</p>');
  });

  test('a server-action form rendered by the client after a #418 is not itself a difference, the field after it is', () => {
    // As React's server writes a form whose action is a server action, and as the client writes it after a #418.
    const serverForm =
      '<form class="stack" novalidate="" action="" enctype="multipart/form-data" method="POST">' +
      '<input type="hidden" name="$ACTION_REF_1"><input type="hidden" name="$ACTION_1:0" value="{&quot;id&quot;:&quot;7f&quot;}">' +
      '<input name="email"></form>';
    const clientForm = (field: string) =>
      `<form action="javascript:throw new Error('A React form was unexpectedly submitted.')" class="stack" novalidate=""><input name="${field}"></form>`;
    expect(firstMarkupDifference(served(serverForm), hydrated(clientForm('email')))).toBe('markup now equals what the server sent');
    expect(firstMarkupDifference(served(serverForm), hydrated(clientForm('e-mail')))).toMatch(/^first difference .*client ….*<input name="e-mail">/);
  });

  test('attributes the client wrote in another order are not a difference, a changed value is', () => {
    // Run 43: after a #418 the client wrote the sign-up form's hidden input as type, value, name.
    const server = '<input type="hidden" name="next" value="/"><p class="muted">Sell tickets</p>';
    expect(firstMarkupDifference(served(server), hydrated('<input type="hidden" value="/" name="next"><p class="muted">Sell tickets</p>'))).toBe(
      'markup now equals what the server sent',
    );
    expect(firstMarkupDifference(served(server), hydrated('<input type="hidden" value="/" name="next"><p class="muted">Sell</p>'))).toMatch(
      /^first difference .*client ….*<p class="muted">Sell<\/p>/,
    );
  });
});
