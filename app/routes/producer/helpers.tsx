// Placeholder while issue 3 is built.
export function loader() {
  throw new Response("Not found", { status: 404 });
}
