// xhr2 (the XMLHttpRequest of Node used as Strophe's BOSH transport in tests) ships no types.
declare module 'xhr2' {
  const XMLHttpRequest: {
    new (): {
      readonly readyState: number;
      readonly responseText: string;
    };
  };
  export default XMLHttpRequest;
}
